-- Constant-rate (open-loop) load for Debian's wrk 4.1, measured the way wrk2 does: every latency counts from the
-- request's INTENDED send time, so a server that stalls shows in the percentiles instead of slowing the sender.
--
--   wrk -t N -c N -d SECONDS -s bench/wrk_constant_rate.lua URL -- RATE N WARMUP MEASURE [BODYFILE [TYPE]]
--
-- RATE requests/s in total over N connections (the same N as -t and -c); latencies of the requests intended in
-- [WARMUP, WARMUP + MEASURE) seconds after the common start are kept; nothing is sent after that window, so give -d a
-- second more than WARMUP + MEASURE for the last answers. With BODYFILE every request is a POST of that file
-- (Content-Type TYPE, by default application/json), else a GET.
--
-- Needs one connection per thread (-t equal to -c): wrk 4.1 calls delay(), request() and response() without saying
-- for which connection, so a thread can only pair an answer with its request when it has one connection. The script
-- stops wrk with a message otherwise.
--
-- Schedule: connection i (0-based) sends at start + (i + k * N) / RATE for k = 0, 1, ...: the merged schedule is one
-- send every 1/RATE s, staggered across connections. wrk's timers have a 1 ms grain (its event loop counts in ms),
-- so delay() asks for a wake-up 0.3-1.3 ms early and request() sleeps with clock_nanosleep on CLOCK_MONOTONIC
-- (absolute time, timer slack 1 ns) until 150 us before the intended time, then waits the rest on the clock (a spin:
-- a sleeping thread is woken tens of microseconds late on a busy machine, which would count in every latency). A
-- request never leaves before its intended time and, on a machine with a free core, leaves within a few
-- microseconds after it. Waiting in request() blocks the thread, which is harmless only because the thread has no
-- other connection. A request that cannot leave on time (the previous answer came late) leaves at once, and its wait
-- counts in its latency, as in wrk2.
--
-- Output (done()): one parseable line
--   fixed-rate rate=R connections=N requests=.. errors=.. late=.. unanswered=.. achieved=.. p50_us=.. p90_us=..
--   p99_us=.. p999_us=.. max_us=.. send_lag_p50_us=.. send_lag_p99_us=..
-- where late counts sends more than 1 ms after their intended time, send_lag is how long after its intended time a
-- request actually left (the script's own precision while the server keeps up), unanswered the requests of the
-- window with no answer by the end, and achieved the answered requests per second of the window. Percentiles are
-- nearest-rank over every kept latency (no histogram buckets).

local ffi = require("ffi")
ffi.cdef([[
struct fixed_rate_timespec { long tv_sec; long tv_nsec; };
int clock_gettime(int clock, struct fixed_rate_timespec *ts);
int clock_nanosleep(int clock, int flags, const struct fixed_rate_timespec *request,
                    struct fixed_rate_timespec *remain);
int prctl(int option, ...);
]])
local C = ffi.C
local CLOCK_MONOTONIC = 1
local TIMER_ABSTIME = 1
local PR_SET_TIMERSLACK = 29
local EINTR = 4
-- How much earlier than the intended time wrk's millisecond timer is asked to fire.
local EARLY_MS = 0.3
local LATE_US = 1000
-- The last stretch before an intended send is waited on the clock (a spin), not slept: a sleeping thread is woken
-- tens of microseconds late on a busy machine, which would count in every latency.
local SPIN_US = 150

local clock = ffi.new("struct fixed_rate_timespec")
local wake = ffi.new("struct fixed_rate_timespec")

-- Monotonic microseconds (a double keeps nanoseconds at this magnitude).
local function now_us()
    C.clock_gettime(CLOCK_MONOTONIC, clock)
    return tonumber(clock.tv_sec) * 1e6 + tonumber(clock.tv_nsec) / 1e3
end

local function sleep_until(us)
    local seconds = math.floor(us / 1e6)
    wake.tv_sec = seconds
    wake.tv_nsec = math.floor((us - seconds * 1e6) * 1e3)
    while C.clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, wake, nil) == EINTR do end
end

-- Main state: the threads, for setup() and done().
local threads = {}
local common_start

function setup(thread)
    if common_start == nil then
        -- Threads start and connect right after setup; the schedule begins once they all had time to.
        common_start = now_us() + 300000
    end
    thread:set("id", #threads)
    thread:set("start", common_start)
    threads[#threads + 1] = thread
end

-- Thread state (set by init; id and start come from setup through thread:set). rate, window_start and window_end
-- are global so that done() can read them with thread:get.
local interval, offset
connections = nil
local slot = 0
local next_intended
local sent_intended
local outstanding = 0
local request_bytes
local slack_set = false
-- Results, read by done() through thread:get (wrk copies tables between Lua states).
latencies = {}
lags = {}
errors = 0
late = 0
sent_in_window = 0
answered = 0
misuse = ""

local function intended_of(k) return start + offset + k * interval end

function init(args)
    rate = tonumber(args[1])
    connections = tonumber(args[2])
    local warmup = tonumber(args[3] or "1")
    local measure = tonumber(args[4] or "10")
    assert(rate and rate > 0 and connections and connections >= 1,
        "usage: -- RATE CONNECTIONS WARMUP MEASURE [BODYFILE [CONTENT-TYPE]]")
    interval = connections / rate * 1e6
    offset = id / rate * 1e6
    next_intended = intended_of(0)
    window_start = start + warmup * 1e6
    window_end = window_start + measure * 1e6
    if args[5] then
        local file = assert(io.open(args[5], "rb"))
        wrk.body = file:read("*a")
        file:close()
        wrk.method = "POST"
        wrk.headers["Content-Type"] = args[6] or "application/json"
    end
    request_bytes = wrk.format()
end

function delay()
    if not slack_set then
        -- Runs on the thread's own OS thread (init ran on wrk's main thread).
        C.prctl(PR_SET_TIMERSLACK, ffi.cast("unsigned long", 1), ffi.cast("unsigned long", 0),
            ffi.cast("unsigned long", 0), ffi.cast("unsigned long", 0))
        slack_set = true
    end
    if next_intended >= window_end then return 3600000 end
    local wait_ms = (next_intended - now_us()) / 1000 - EARLY_MS
    if wait_ms < 1 then return 0 end
    return math.floor(wait_ms)
end

function request()
    -- wrk calls request() once on its main thread, before any delay(), to count pipelined requests.
    if not slack_set then return request_bytes end
    if outstanding > 0 then
        misuse = "a thread has more than one connection: run wrk with -t equal to -c"
        wrk.thread:stop()
    end
    local intended = next_intended
    local now = now_us()
    if now < intended - SPIN_US then
        sleep_until(intended - SPIN_US)
        now = now_us()
    end
    while now < intended do now = now_us() end
    if intended >= window_start then
        sent_in_window = sent_in_window + 1
        lags[sent_in_window] = now - intended
        if now - intended > LATE_US then late = late + 1 end
    end
    sent_intended = intended
    outstanding = outstanding + 1
    slot = slot + 1
    next_intended = intended_of(slot)
    return request_bytes
end

function response(status, headers, body)
    local now = now_us()
    outstanding = outstanding - 1
    if sent_intended == nil or sent_intended < window_start then return end
    answered = answered + 1
    if status >= 200 and status < 300 then
        latencies[#latencies + 1] = now - sent_intended
    else
        errors = errors + 1
    end
end

local function percentile(sorted, p)
    if #sorted == 0 then return 0 end
    local rank = math.max(1, math.ceil(p / 100 * #sorted))
    return sorted[rank]
end

function done(summary, latency, requests)
    local all, lag = {}, {}
    local total_errors, total_late, total_sent, total_answered = 0, 0, 0, 0
    for _, thread in ipairs(threads) do
        local problem = thread:get("misuse")
        if problem ~= nil and problem ~= "" then
            io.stderr:write("wrk_constant_rate.lua: " .. problem .. "\n")
            os.exit(2)
        end
        for _, value in ipairs(thread:get("latencies")) do all[#all + 1] = value end
        for _, value in ipairs(thread:get("lags")) do lag[#lag + 1] = value end
        total_errors = total_errors + thread:get("errors")
        total_late = total_late + thread:get("late")
        total_sent = total_sent + thread:get("sent_in_window")
        total_answered = total_answered + thread:get("answered")
    end
    table.sort(all)
    table.sort(lag)
    local first = threads[1]
    if #threads ~= first:get("connections") then
        io.stderr:write(string.format("wrk_constant_rate.lua: %d threads but CONNECTIONS is %d\n", #threads,
            first:get("connections")))
        os.exit(2)
    end
    local seconds = (first:get("window_end") - first:get("window_start")) / 1e6
    io.write(string.format(
        "fixed-rate rate=%s connections=%d requests=%d errors=%d late=%d unanswered=%d achieved=%.1f "
            .. "p50_us=%.1f p90_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f send_lag_p50_us=%.1f "
            .. "send_lag_p99_us=%.1f\n",
        tostring(first:get("rate")), #threads, total_answered, total_errors, total_late,
        total_sent - total_answered, total_answered / seconds,
        percentile(all, 50), percentile(all, 90), percentile(all, 99), percentile(all, 99.9),
        all[#all] or 0, percentile(lag, 50), percentile(lag, 99)))
end
