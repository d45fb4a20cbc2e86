namespace Aggregator.Core.Tests;

public class SmokeTests
{
    [Fact]
    public void EventTypeListPrintsSorted() => Assert.Equal("a;b", new EventTypeList(new[] { "b", "a", "b" }).ToString());
}
