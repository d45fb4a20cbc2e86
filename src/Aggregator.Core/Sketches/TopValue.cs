namespace Aggregator.Sketches;

/// <summary>
/// A value and its count from <see cref="TopValues"/>: the true count lies between <c>Count - Error</c> and
/// <c>Count</c>; Error is 0 while the sketch is exact.
/// </summary>
public readonly record struct TopValue(string Value, long Count, long Error);
