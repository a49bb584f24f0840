/// A job's delivery history, `{p}:history:{jobId}`: a list of JSON lines written only when
/// something other than a clean first run happens (a retry scheduled, a dead worker's job
/// re-queued, a dead letter, a replay), each in the same script as the change it records, so the
/// happy path pays nothing. Kept as long as results (the list's TTL), the last 50 entries.
/// `vtctl job show` prints it under the result.
public enum JobHistory {
    /// Entries kept per job.
    public static let maxEntries = 50

    /// Lua: `history(key, entry, ttl)` appends one entry ('' key: no job id, nothing written).
    static let lua = """
        local function history(key, entry, ttl)
          if key == '' then return end
          redis.call('RPUSH', key, entry)
          redis.call('LTRIM', key, -\(maxEntries), -1)
          redis.call('EXPIRE', key, ttl)
        end

        """

    /// Lua: `historyKey(prefix, job)`: the history key of a raw envelope's job id, or '' when the
    /// envelope has no usable id (malformed jobs have no history).
    static let keyOfEnvelopeLua = """
        local function historyKey(prefix, job)
          local ok, decoded = pcall(cjson.decode, job)
          if not ok or type(decoded) ~= 'table' then return '' end
          local id = decoded['id']
          if type(id) ~= 'string' or #id == 0 or #id > 128 or not string.match(id, '^[%w_%-%.:]+$') then return '' end
          return prefix .. id
        end

        """

    /// One entry: what happened, when, and its details.
    static func entry(_ event: String, atMs: Int64, _ details: [String: JSONValue]) -> String {
        var object = details
        object["event"] = .string(event)
        object["at"] = .string(Timestamp.rfc3339(ms: atMs))
        return JSONValue.object(object).jsonString
    }
}
