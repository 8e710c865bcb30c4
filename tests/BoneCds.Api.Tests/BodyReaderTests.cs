using System.Text;
using BoneCds.Api.Errors;
using BoneCds.Api.Http;
using Microsoft.AspNetCore.Http;

namespace BoneCds.Api.Tests;

/// <summary>The body reader on its own: what arrives is read, what is declared is not allocated (security review M2).</summary>
public class BodyReaderTests
{
    private static HttpRequest Request(byte[] body, long? declared)
    {
        var http = new DefaultHttpContext();
        http.Request.ContentType = "application/json";
        http.Request.ContentLength = declared;
        http.Request.Body = new MemoryStream(body);
        return http.Request;
    }

    [Fact]
    public async Task A_declared_length_is_not_allocated_before_the_bytes_arrive()
    {
        var body = Encoding.UTF8.GetBytes("""{"hook":"patient-view"}""");
        var request = Request(body, declared: 4 * 1024 * 1024);
        await BodyReader.ReadJsonAsync(Request(body, 4 * 1024 * 1024), 4 * 1024 * 1024, CancellationToken.None); // JIT
        var before = GC.GetAllocatedBytesForCurrentThread();
        var read = await BodyReader.ReadJsonAsync(request, 4 * 1024 * 1024, CancellationToken.None);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(body, read.ToArray());
        Assert.True(allocated < 256 * 1024, $"reading {body.Length} bytes allocated {allocated} bytes");
    }

    [Theory]
    [InlineData(1000, 1000, false)]
    [InlineData(1001, 1000, true)]
    [InlineData(40_000, 40_000, false)]
    [InlineData(40_001, 40_000, true)]
    public async Task The_limit_holds_when_no_length_is_declared(int size, int limit, bool tooLarge)
    {
        var body = Encoding.UTF8.GetBytes("\"" + new string('a', size - 2) + "\"");
        var read = () => BodyReader.ReadJsonAsync(Request(body, declared: null), limit, CancellationToken.None);
        if (!tooLarge) Assert.Equal(size, (await read()).Length);
        else Assert.Equal(413, (await Assert.ThrowsAsync<RequestProblem>(read)).Status);
    }
}
