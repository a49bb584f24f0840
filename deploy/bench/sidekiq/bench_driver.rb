# frozen_string_literal: true
# Driver for sidekiq-bench.sh: enqueue, run Sidekiq, measure, clean up.
# Everything except the final JSON line goes to stderr.
require "json"
require "socket"
require "rbconfig"

$stdout.sync = true
$stderr.sync = true
def log(msg) = $stderr.puts("[sidekiq-bench] #{msg}")

url, jobs, threads, kind, queue, timeout = ARGV
jobs = Integer(jobs); threads = Integer(threads); timeout = Float(timeout)
klass = { "noop" => "BenchNoopJob", "small" => "BenchSmallJob" }.fetch(kind)
here = File.expand_path(__dir__)
prefix = "sidekiq-bench"
counter, first_k, last_k = %W[#{prefix}:counter #{prefix}:first #{prefix}:last]

ENV.delete("REDIS_PROVIDER")
ENV["REDIS_URL"] = url
require "sidekiq"
require "sidekiq/api"
Redis.silence_deprecations = true if Redis.respond_to?(:silence_deprecations=)
Sidekiq.logger.level = Logger::WARN

def redis(&blk) = Sidekiq.redis(&blk)

stat_keys = lambda do
  d = Time.now.utc.strftime("%Y-%m-%d")
  %W[stat:processed stat:failed stat:processed:#{d} stat:failed:#{d}]
end
begin
  stats_before = redis { |c| stat_keys.call.to_h { |k| [k, c.exists?(k)] } }
rescue => e
  log "ERROR: cannot use Redis at the given URL: #{e.class}: #{e.message}"
  exit 4
end

clean_bench = lambda do
  redis do |c|
    c.unlink("queue:#{queue}", counter, first_k, last_k)
    c.srem("queues", queue)
    if kind == "small"
      c.unlink("bench:events")
      cursor = "0"
      loop do
        cursor, keys = c.scan(cursor, match: "bench:state:*", count: 1000)
        c.unlink(*keys) unless keys.empty?
        break if cursor == "0"
      end
    end
  end
end

pid = nil
identity = nil
result = nil
status = 0
begin
  clean_bench.call
  # 1. enqueue
  t = Time.now
  (1..jobs).each_slice(1000) do |slice|
    Sidekiq::Client.push_bulk("class" => klass, "queue" => queue, "retry" => false,
                              "args" => slice.map { |i| [i] })
  end
  qlen = redis { |c| c.llen("queue:#{queue}") }
  log format("enqueued %d %s jobs into queue:%s in %.2fs", qlen, kind, queue, Time.now - t)
  raise "queue length #{qlen} != #{jobs}" unless qlen == jobs

  # 2. start Sidekiq (its stdout/stderr -> our stderr)
  env = { "REDIS_URL" => url, "BENCH_JOBS" => jobs.to_s, "BENCH_PREFIX" => prefix,
          "RUBYOPT" => nil, "BENCH_SIDEKIQ_LOG" => ENV.fetch("BENCH_SIDEKIQ_LOG", "warn"), "BUNDLE_GEMFILE" => nil }
  cmd = [RbConfig.ruby, Gem.bin_path("sidekiq", "sidekiq"), "-e", "production",
         "-r", File.join(here, "bench_jobs.rb"), "-q", queue, "-c", threads.to_s, "-t", "5"]
  spawned = Time.now
  pid = Process.spawn(env, *cmd, out: :err, err: :err, chdir: here, pgroup: true)
  log "started sidekiq pid #{pid} (-c #{threads})"

  # 3. wait for counter == jobs
  deadline = spawned + timeout
  done = 0
  loop do
    done, ident = redis do |c|
      [c.get(counter).to_i,
       identity || c.smembers("processes").find { |m| m.start_with?("#{Socket.gethostname}:#{pid}:") }]
    end
    identity ||= ident
    break if done >= jobs
    if Process.waitpid(pid, Process::WNOHANG)
      pid = nil
      raise "sidekiq exited early (#{done}/#{jobs} processed)"
    end
    raise "timeout after #{timeout}s (#{done}/#{jobs} processed)" if Time.now > deadline
    sleep 0.01
  end
  first, last = redis { |c| [c.get(first_k), c.get(last_k)] }.map { |v| Float(v) }
  secs = last - first
  log format("sidekiq startup (spawn -> first perform): %.2fs", first - spawned.to_f)
  result = { kind: kind, jobs: jobs, threads: threads, seconds: secs.round(4),
             perSec: (jobs / secs).round(1), sidekiqVersion: Sidekiq::VERSION }
rescue => e
  log "ERROR: #{e.message}"
  status = 4
ensure
  if pid
    begin
      Process.kill("TERM", pid)
      unless (1..150).any? { sleep 0.1; Process.waitpid(pid, Process::WNOHANG) }
        log "sidekiq did not stop after TERM, sending KILL"
        Process.kill("KILL", -pid) rescue Process.kill("KILL", pid)
        Process.waitpid(pid)
      end
    rescue Errno::ESRCH, Errno::ECHILD
    end
  end
  begin
    clean_bench.call
    redis do |c|
      if identity
        c.srem("processes", identity)
        c.unlink(identity, "#{identity}:workers")
      end
      # Sidekiq's global stat counters: delete the ones we created, otherwise
      # subtract what we added.
      stats_before.merge(stat_keys.call.to_h { |k| [k, false] }) { |_k, a, _b| a }.each do |k, existed|
        next unless k.start_with?("stat:processed")
        existed ? c.decrby(k, jobs) : c.unlink(k)
      end
      stats_before.each { |k, existed| c.unlink(k) if k.start_with?("stat:failed") && !existed }
    end
  rescue => e
    log "cleanup error: #{e.message}"
  end
end
puts JSON.generate(result) if result
exit status
