-- wrk script for benchmarks/region.py: one connection per thread (wrk -tN -cN), so that a
-- thread's responses answer its own requests. BENCH_SPEC names a Lua file region.py writes:
--   return { out = "result.json", threads = { { cookie = "...", paths = { "/..." },
--            method = "GET" | "POST", body = "...&version=", version = 3 }, ... } }
-- A POST thread saves its own plan again and again: the body ends with the version it read,
-- which grows by one at each save (302) and is read back from a refusal (409).

local spec = dofile(os.getenv("BENCH_SPEC"))
local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("id", #threads)
end

function init(args)
   me = spec.threads[(id - 1) % #spec.threads + 1]
   turn = 0
   version = me.version
   statuses = {}
end

function request()
   turn = turn + 1
   local path = me.paths[(turn - 1) % #me.paths + 1]
   local headers = { Cookie = me.cookie }
   if me.method == "POST" then
      headers["Content-Type"] = "application/x-www-form-urlencoded"
      return wrk.format("POST", path, headers, me.body .. version)
   end
   return wrk.format("GET", path, headers)
end

function response(status, headers, body)
   local key = tostring(status)
   statuses[key] = (statuses[key] or 0) + 1
   if me.method == "POST" then
      if status == 302 then
         version = version + 1
      elseif status == 409 then
         version = tonumber(string.match(body, 'name="version" value="(%d+)"')) or version
      end
   end
end

function done(summary, latency, requests)
   local counts = {}
   for _, thread in ipairs(threads) do
      for status, n in pairs(thread:get("statuses")) do
         counts[status] = (counts[status] or 0) + n
      end
   end
   local parts = {}
   for status, n in pairs(counts) do
      table.insert(parts, string.format('"%s": %d', status, n))
   end
   local errors = summary.errors
   local file = io.open(spec.out, "w")
   file:write(string.format(
      '{"requests": %d, "seconds": %.3f, "p50": %.6f, "p95": %.6f, "p99": %.6f, ' ..
      '"statuses": {%s}, "socket_errors": %d, "timeouts": %d}\n',
      summary.requests, summary.duration / 1e6,
      latency:percentile(50) / 1e6, latency:percentile(95) / 1e6, latency:percentile(99) / 1e6,
      table.concat(parts, ", "), errors.connect + errors.read + errors.write, errors.timeout))
   file:close()
end
