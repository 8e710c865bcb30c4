using Microsoft.Extensions.Logging;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BoneCds.Api.Tests;

/// <summary>
/// The real host in-process, with the clock fixed to the fixtures' "today" (2026-11-25). Service calls are accepted without a
/// token here (the development flag); <see cref="AuthTests"/> runs the host with authentication on.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Today = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    public TestClock Clock { get; } = new(Today);
    /// <summary>Every log line the host wrote, to check what goes to the log (and what must not).</summary>
    public LogCapture Logs { get; } = new();
    /// <summary>Each factory gets its own SQLite feedback file unless a test shares one to simulate a restart.</summary>
    public string FeedbackDb { get; init; } = Path.Combine(Path.GetTempPath(), $"bonecds-test-{Guid.NewGuid():N}.db");

    /// <summary>Fetching from a fixture's fhirServer is off unless a test turns it on against a loopback stand-in: tests never reach off the machine.</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Auth:AllowUnauthenticated"] = "true",
        ["FhirFetch:Enabled"] = "false",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Development: the tests use the development switches (no token), which every other environment refuses.
        builder.UseEnvironment("Development");
        builder.UseSetting("Service:MaxRequestBodyBytes", (1024 * 1024).ToString());
        builder.UseSetting("Feedback:SqlitePath", FeedbackDb);
        foreach (var (k, v) in Settings) builder.UseSetting(k, v);
        builder.ConfigureTestServices(s => s.AddSingleton(new BoneCds.Api.Hosting.ClinicalTime(Clock)));
        builder.ConfigureLogging(l => l.AddProvider(Logs));
    }

    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public static StringContent Json(string json, string mediaType = "application/json") =>
        new(json, Encoding.UTF8, new MediaTypeHeaderValue(mediaType));
}

/// <summary>A clock the tests set and move.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;
    public override DateTimeOffset GetUtcNow() => _now;
    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>A logger provider that keeps the formatted messages in memory.</summary>
public sealed class LogCapture : Microsoft.Extensions.Logging.ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();
    public IReadOnlyCollection<string> Lines => _lines;
    public bool Contains(string text) => _lines.Any(l => l.Contains(text, StringComparison.Ordinal));
    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new Logger(this);
    public void Dispose() { }

    private sealed class Logger(LogCapture owner) : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;
        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state,
            Exception? exception, Func<TState, Exception?, string> formatter) => owner._lines.Enqueue(formatter(state, exception));
    }
}
