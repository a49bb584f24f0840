# frozen_string_literal: true
# Job classes for sidekiq-bench.sh. Loaded by the Sidekiq server via `-r`.
# Instrument: every perform INCRs a counter inside the same Sidekiq.redis block
# as its real work. The perform that gets 1 records the start time, the one that
# gets BENCH_JOBS records the end time (plain SET, no Lua).
require "sidekiq"
require "redis"

# Debian pairs Sidekiq 6.4.1 with redis-rb 4.8, which prints a deprecation
# warning on every BRPOP fetch and SADD: that is I/O per job, so silence it.
Redis.silence_deprecations = true if Redis.respond_to?(:silence_deprecations=)
# Sidekiq logs "start"/"done" at INFO for every job; by default we run at WARN
# so the benchmark measures the queue, not log formatting.
# BENCH_SIDEKIQ_LOG=info restores Sidekiq's default per-job logging.
Sidekiq.configure_server do |config|
  config.logger.level = ENV.fetch("BENCH_SIDEKIQ_LOG", "warn").upcase.then { |l| Logger.const_get(l) }
end

module BenchInstrument
  PREFIX = ENV.fetch("BENCH_PREFIX", "sidekiq-bench")
  TARGET = Integer(ENV.fetch("BENCH_JOBS"))
  COUNTER = "#{PREFIX}:counter"
  FIRST = "#{PREFIX}:first"
  LAST = "#{PREFIX}:last"

  def self.now
    Process.clock_gettime(Process::CLOCK_REALTIME)
  end

  # Called inside the job's Sidekiq.redis block; t0 = perform start time.
  def self.count(conn, t0)
    n = conn.incr(COUNTER)
    conn.set(FIRST, format("%.6f", t0)) if n == 1
    conn.set(LAST, format("%.6f", now)) if n == TARGET
    n
  end
end

class BenchNoopJob
  include Sidekiq::Worker
  sidekiq_options retry: false, backtrace: false

  def perform(_id)
    t0 = BenchInstrument.now
    Sidekiq.redis { |conn| BenchInstrument.count(conn, t0) }
  end
end

class BenchSmallJob
  include Sidekiq::Worker
  sidekiq_options retry: false, backtrace: false

  def perform(id)
    t0 = BenchInstrument.now
    Sidekiq.redis do |conn|
      conn.hset("bench:state:#{id}", "status", "done", "updated_at", t0.to_s)
      conn.xadd("bench:events", { "job" => id.to_s, "event" => "done" })
      BenchInstrument.count(conn, t0)
    end
  end
end
