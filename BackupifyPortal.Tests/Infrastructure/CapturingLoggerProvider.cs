using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace BackupifyPortal.Tests.Infrastructure;

/// <summary>Keeps every log line the app writes (message, state values, exception) so tests can look for leaked secrets.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> entries = new();

    public IReadOnlyList<CapturedLog> Entries => entries.ToArray();

    /// <summary>Every captured line as one text (category, message, structured values, exception).</summary>
    public IReadOnlyList<string> Lines => entries.Select(e => e.FullText).ToArray();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, entries);

    /// <summary>Every captured line whose text, structured values or exception contains <paramref name="secret"/>.</summary>
    public IReadOnlyList<CapturedLog> Containing(string secret) =>
        Entries.Where(e => e.FullText.Contains(secret, StringComparison.OrdinalIgnoreCase)).ToList();

    public void Dispose() { }

    private sealed class CapturingLogger(string category, ConcurrentQueue<CapturedLog> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : "";
            sink.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), values, exception?.ToString()));
        }
    }
}

public sealed record CapturedLog(string Category, LogLevel Level, string Message, string StateValues, string? Exception)
{
    public string FullText => $"{Message} {StateValues} {Exception}";
    public override string ToString() => $"[{Level}] {Category}: {Message}";
}
