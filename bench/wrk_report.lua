-- wrk prints its own summary; this adds one JSON line with what the benchmark table needs (p95 included).
-- With WRK_THINK_MS set, each connection (a user) waits a random 0.5 to 1.5 times that long before each
-- request, as a person reads a page before opening the next; wrk's latencies leave that wait out.
local think = tonumber(os.getenv("WRK_THINK_MS") or "0")
local threads = 0
if think > 0 then
  setup = function(thread)  -- each thread its own pauses: unseeded, both would pause in step
    threads = threads + 1
    thread:set("seed", threads)
  end
  init = function(args)
    math.randomseed(seed)
  end
  delay = function()
    return math.random(math.floor(think / 2), math.floor(think * 3 / 2))
  end
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1000000
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    '{"rps": %.2f, "requests": %d, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "errors": %d}\n',
    summary.requests / seconds, summary.requests,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, errors))
end
