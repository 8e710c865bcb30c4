using System.Text.Unicode;
using BoneCds.Api.Errors;

namespace BoneCds.Api.Http;

/// <summary>
/// Reads a JSON request body as it arrives, with a hard size limit: wrong media types are refused with 415, oversized bodies
/// with 413, bytes that are not UTF-8 with 400. The buffer grows with what actually arrives; a declared Content-Length is
/// only used to refuse early, never to allocate (security review M2).
/// </summary>
public static class BodyReader
{
    private const int InitialBufferBytes = 16 * 1024;

    public static async Task<ReadOnlyMemory<byte>> ReadJsonAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is not ("application/json" or "application/fhir+json"))
            throw new RequestProblem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Content-Type must be application/json or application/fhir+json, not '{mediaType ?? "(none)"}'.");
        if (request.ContentLength > maxBytes) throw TooLarge(maxBytes);

        var buffer = new byte[(int)Math.Min(InitialBufferBytes, maxBytes)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length >= maxBytes)
                {
                    // Full at the limit: one more byte means too large.
                    if (await request.Body.ReadAsync(new byte[1], ct) > 0) throw TooLarge(maxBytes);
                    break;
                }
                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, maxBytes));
            }
            var read = await request.Body.ReadAsync(buffer.AsMemory(length), ct);
            if (read == 0) break;
            length += read;
        }
        if (length == 0) throw RequestProblem.BadRequest("The request body is empty.");
        var body = buffer.AsMemory(0, length);
        if (!Utf8.IsValid(body.Span)) throw RequestProblem.BadRequest("The request body is not valid UTF-8.");
        return body;
    }

    private static RequestProblem TooLarge(long max) =>
        new(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The request body exceeds the limit of {max} bytes.");
}
