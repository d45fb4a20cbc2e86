using System;

namespace Aggregator.Store;

/// <summary>A stored sensor file an ingest has taken: it alone may complete it while its lease lasts.</summary>
public sealed record ClaimedFile(string FileId, string Source, string ObjectPath, int Attempts, string Owner, DateTime UploadedAt);
