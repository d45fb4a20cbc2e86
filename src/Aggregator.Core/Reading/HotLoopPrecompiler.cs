using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;
using Aggregator.Aggregation;
using Aggregator.Parsing;
using Aggregator.Reading.Buffers;
using Aggregator.Reading.Json;
using Aggregator.Reading.Parallel;

namespace Aggregator.Reading;

/// <summary>
/// Compiles the hot loops of a read path on a thread-pool thread, ahead of the first read.
/// The loops are marked AggressiveOptimization, which ReadyToRun images leave out, so without this the first command
/// compiles them on its reading threads, about 25 ms that every worker waits for. Started at Import-Module or when a
/// command begins, the compiling runs on a core that is idle while PowerShell binds parameters and resolves paths.
/// </summary>
public static class HotLoopPrecompiler
{
    private const BindingFlags DeclaredMethods =
        BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    private static readonly ConcurrentDictionary<Type, byte> Queued = new();

    /// <summary>The types a JSON or JSON Lines event file passes through, in the order a read first needs them.</summary>
    public static IReadOnlyList<Type> JsonEventPath { get; } = new[]
    {
        typeof(ParallelFileReader), typeof(JsonFraming), typeof(ByteWindow), typeof(JsonRecordBounds), typeof(JsonRecordReader),
        typeof(JsonFlatScanner), typeof(JsonFieldRouter), typeof(JsonFullParser), typeof(RecordBuilder), typeof(FieldPathMatcher),
        typeof(EventRecordBuilder), typeof(SymbolTable), typeof(TimestampParser), typeof(StatusParser),
        typeof(PartSink), typeof(AccumulatingSink), typeof(ImportStatisticsAccumulator),
    };

    /// <summary>The types Measure-Record's records and groups pass through (the general summary), after the JSON path.</summary>
    public static IReadOnlyList<Type> SummaryPath { get; } = new[]
    {
        typeof(SummaryRecordBuilder), typeof(Summaries.SummaryRow), typeof(DecimalParser), typeof(Sketches.ValueHash),
        typeof(Summaries.RecordSummaryAccumulator), typeof(Summaries.GroupTable), typeof(Summaries.ValueArena),
        typeof(Sketches.Selection),
    };

    /// <summary>Queues the types not queued before; returns at once.</summary>
    public static void Start(IEnumerable<Type> types)
    {
        var pending = new List<Type>();
        foreach (Type type in types)
        {
            if (Queued.TryAdd(type, 0))
            {
                pending.Add(type);
            }
        }

        if (pending.Count > 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static state => CompileQuietly((List<Type>)state!), pending);
        }
    }

    private static void CompileQuietly(List<Type> types)
    {
        try
        {
            Compile(types);
        }
        catch (Exception)
        {
            // Only a head start: whatever fails here is compiled at first use as before, and a thread-pool thread must
            // not take the session down.
        }
    }

    /// <summary>Whether <see cref="Start"/> has queued the type, in this process.</summary>
    public static bool IsQueued(Type type) => Queued.ContainsKey(type);

    /// <summary>Compiles now, on this thread, the methods of the types (and their nested types) marked for full optimisation.</summary>
    public static int Compile(IEnumerable<Type> types)
    {
        int compiled = 0;
        foreach (Type type in types)
        {
            if (type.ContainsGenericParameters)
            {
                continue;
            }

            foreach (MethodInfo method in type.GetMethods(DeclaredMethods))
            {
                if ((method.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization) != 0 &&
                    !method.IsAbstract && !method.ContainsGenericParameters)
                {
                    RuntimeHelpers.PrepareMethod(method.MethodHandle);
                    compiled++;
                }
            }

            compiled += Compile(type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic));
        }

        return compiled;
    }
}
