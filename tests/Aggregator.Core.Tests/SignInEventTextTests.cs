namespace Aggregator.Core.Tests;

/// <summary>The Export-Csv cell of a sign-in (SignInEvent.ToString) splits back into its time and request id.</summary>
public sealed class SignInEventTextTests
{
    [Theory]
    [InlineData("2024-07-10T11:45:00Z (req-1)", "2024-07-10T11:45:00Z", "req-1")]
    [InlineData("2024-07-10T11:45:00.1234567Z", "2024-07-10T11:45:00.1234567Z", null)]
    [InlineData("(req-only)", null, "req-only")]
    [InlineData("", null, null)]
    [InlineData(null, null, null)]
    [InlineData("yesterday (req-1)", "yesterday", "req-1")]
    public void SplitText_GivesTheTimeTextAndTheRequestId(string? text, string? time, string? requestId)
    {
        SignInEvent.SplitText(text, out string? splitTime, out string? splitRequest);

        Assert.Equal((time, requestId), (splitTime, splitRequest));
    }

    [Fact]
    public void SplitText_ReadsWhatToStringWrites()
    {
        var written = new SignInEvent(new DateTime(2024, 7, 10, 11, 45, 0, DateTimeKind.Utc).AddTicks(5), "0f1e (x)");

        SignInEvent.SplitText(written.ToString(), out string? time, out string? requestId);

        Assert.Equal(("2024-07-10T11:45:00.0000005Z", "0f1e (x)"), (time, requestId));
    }
}
