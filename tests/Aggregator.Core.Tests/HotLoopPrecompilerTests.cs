using System.Reflection;
using Aggregator.Reading;

namespace Aggregator.Core.Tests;

/// <summary>The JSON read path that Import-Module starts compiling names types that still hold hot loops to compile.</summary>
public class HotLoopPrecompilerTests
{
    [Fact]
    public void EveryTypeOnTheJsonPathHasMethodsMarkedForFullOptimisation()
    {
        foreach (Type type in HotLoopPrecompiler.JsonEventPath)
        {
            Assert.True(HotLoopPrecompiler.Compile(new[] { type }) > 0, $"{type.Name} has no method left to compile ahead.");
        }
    }

    [Fact]
    public void StartQueuesTheTypesGiven()
    {
        Type type = typeof(Aggregation.TimeBucketAccumulator);

        HotLoopPrecompiler.Start(new[] { type, type });

        Assert.True(HotLoopPrecompiler.IsQueued(type));
        Assert.False(HotLoopPrecompiler.IsQueued(typeof(HotLoopPrecompilerTests)));
    }
}
