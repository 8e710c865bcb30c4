using BoneCds.Api.Errors;

namespace BoneCds.Api.Http;

/// <summary>Reads a JSON request body with a hard size limit, refusing wrong media types with 415 and oversized bodies with 413.</summary>
public static class BodyReader
{
    public static async Task<byte[]> ReadJsonAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is not ("application/json" or "application/fhir+json"))
            throw new RequestProblem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Content-Type must be application/json or application/fhir+json, not '{mediaType ?? "(none)"}'.");
        if (request.ContentLength > maxBytes) throw TooLarge(maxBytes);

        using var buffer = new MemoryStream(request.ContentLength is { } len ? (int)len : 16 * 1024);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes) throw TooLarge(maxBytes);
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) throw RequestProblem.BadRequest("The request body is empty.");
        return buffer.ToArray();
    }

    private static RequestProblem TooLarge(long max) =>
        new(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The request body exceeds the limit of {max} bytes.");
}
