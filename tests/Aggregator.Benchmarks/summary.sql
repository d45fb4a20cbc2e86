-- The summary workload for DuckDB: per user, the count, the distinct events and the 95th percentile of latency_ms,
-- with DuckDB's own sketches (HyperLogLog, t-digest), as Measure-Record computes them.
COPY (
  SELECT "user",
         count(*) AS count,
         approx_count_distinct(event) AS distinct_events,
         approx_quantile(latency_ms, 0.95) AS p95
  FROM read_json('{input}', format = 'newline_delimited',
       columns = {"user": 'VARCHAR', event: 'VARCHAR', latency_ms: 'DOUBLE'})
  GROUP BY "user"
) TO '{output}' (HEADER)
