-- The exact answers of the summary workload (count(DISTINCT), quantile_disc), untimed: what both estimates are checked against.
COPY (
  SELECT "user",
         count(*) AS count,
         count(DISTINCT event) AS distinct_events,
         quantile_disc(latency_ms, 0.95) AS p95
  FROM read_json('{input}', format = 'newline_delimited',
       columns = {"user": 'VARCHAR', event: 'VARCHAR', latency_ms: 'DOUBLE'})
  GROUP BY "user"
) TO '{output}' (HEADER)
