import { createHash } from 'node:crypto';

/**
 * The Lua scripts of `RedisSessionStorage`: the steps of `account-state.ts`, run inside Redis
 * so that each call is atomic and reads one clock (`TIME` of the node that holds the account).
 * Every script takes the account's three keys, which share a hash tag (one cluster slot):
 * KEYS[1] hash handle → session JSON; KEYS[2] hash handle → kept notice JSON, plus `#seq`
 * (the counter) and `#mark` (the end mark); KEYS[3] sorted set of `s:<handle>` by forget time
 * and `e:<handle>` by notice expiry, which bounds each call's clean-up.
 */

/** Shared preamble: keys, clock, JSON helpers, expiry bookkeeping. */
const PRELUDE = `
local S, E, T = KEYS[1], KEYS[2], KEYS[3]
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local function decode(value) if value then return cjson.decode(value) end return nil end
local function extend(at)
  for _, key in ipairs(KEYS) do
    local left = redis.call('PTTL', key)
    if left == -1 or (left >= 0 and now + left < at) then redis.call('PEXPIREAT', key, at) end
  end
end
local function prune()
  for _, member in ipairs(redis.call('ZRANGEBYSCORE', T, '-inf', now, 'LIMIT', 0, 32)) do
    local field = string.sub(member, 3)
    if string.sub(member, 1, 1) == 's' then redis.call('HDEL', S, field) else redis.call('HDEL', E, field) end
    redis.call('ZREM', T, member)
  end
end
local function keepNotice(handle, notice, untilAt)
  redis.call('HSET', E, handle, cjson.encode({ notice = notice, expiresAt = untilAt }))
  redis.call('ZADD', T, untilAt, 'e:' .. handle)
  extend(untilAt)
end
local function dropSession(handle)
  redis.call('HDEL', S, handle)
  redis.call('ZREM', T, 's:' .. handle)
end
local function storeSession(handle, session, ttl)
  redis.call('HSET', S, handle, cjson.encode(session))
  redis.call('ZADD', T, session.lastSeenAt + ttl, 's:' .. handle)
  extend(session.lastSeenAt + ttl)
end
local function liveNotice(handle)
  local kept = decode(redis.call('HGET', E, handle))
  if kept and kept.expiresAt <= now then
    redis.call('HDEL', E, handle)
    redis.call('ZREM', T, 'e:' .. handle)
    return nil
  end
  return kept
end
local function liveMark()
  local mark = decode(redis.call('HGET', E, '#mark'))
  if mark and mark.expiresAt <= now then redis.call('HDEL', E, '#mark') return nil end
  return mark
end
local function liveSession(handle, ttl)
  local session = decode(redis.call('HGET', S, handle))
  if session and now - session.lastSeenAt >= ttl then dropSession(handle) return nil end
  return session
end
`;

/**
 * `admit`. ARGV: handle, login ('1'/'0'), loginAt ('' = none), expiresAt, sid, ip, userAgent,
 * limit (a number, 0 = no limit; or limits per class as a JSON object, 0 = none for a class),
 * strategy ('evict-oldest'/'reject-new'/'choose'), idleTimeout, ttl, touchInterval, future
 * tolerance, deviceClass, replace, choiceTimeout, register ('0' = do not add an unknown
 * session). Optional strings (sid, ip, userAgent, deviceClass, replace) are '' when absent,
 * else '=' and the value, so that an empty string is a value. Returns the `AdmissionResult` as
 * JSON. Reads the whole account only when it holds more sessions than the limit or the
 * presented session is pending.
 */
const ADMIT = `${PRELUDE}
local function optional(arg) if arg == '' then return nil end return string.sub(arg, 2) end
local handle, login = ARGV[1], ARGV[2] == '1'
local givenLoginAt, expiresAt = tonumber(ARGV[3]), tonumber(ARGV[4])
local sid, ip, userAgent = optional(ARGV[5]), optional(ARGV[6]), optional(ARGV[7])
local strategy = ARGV[9]
local idleTimeout, ttl, touchInterval, tolerance = tonumber(ARGV[10]), tonumber(ARGV[11]), tonumber(ARGV[12]), tonumber(ARGV[13])
local deviceClass, chosen, choiceTimeout, register = optional(ARGV[14]), optional(ARGV[15]), tonumber(ARGV[16]), ARGV[17] ~= '0'
local evictOldest = strategy == 'evict-oldest'
local perClass = nil
if string.sub(ARGV[8], 1, 1) == '{' then perClass = cjson.decode(ARGV[8]) end
-- The limit of a session of class cls: the number, or its class's (none for a class not named); 0 means none.
local function limitOf(cls)
  local places = tonumber(ARGV[8])
  if perClass then places = nil if cls then places = perClass[cls] end end
  if type(places) ~= 'number' or places == 0 then return math.huge end
  return places
end
-- Whether a session s is ranked with the presented one: same class with limits per class, else any.
local function rankedWith(s, cls) return not perClass or s.deviceClass == cls end

local held = liveSession(handle, ttl)
local kept = liveNotice(handle)
local mark = liveMark()
if not login then
  local notice = nil
  if kept then notice = kept.notice
  elseif mark and ((held and held.seq <= mark.seq) or (not held and (not givenLoginAt or givenLoginAt < mark.at))) then notice = mark.notice end
  if notice then return cjson.encode({ now = now, notice = notice, registered = false, clampedLoginAt = false, ended = {} }) end
  if not held and not register then return cjson.encode({ now = now, registered = false, clampedLoginAt = false, ended = {} }) end
end

local function withClient(session)
  if ip then session.ip = ip end
  if userAgent then session.userAgent = userAgent end
  return session
end
local session, registered, clamped = held, false, false
local sessions, count = nil, redis.call('HLEN', S)
-- Reads the account: its live sessions by handle (the forgotten ones dropped), the presented one as held here.
local function readAccount()
  local flat, n = redis.call('HGETALL', S), 1
  sessions = {}
  for i = 1, #flat, 2 do
    if flat[i] ~= handle then
      local entry = cjson.decode(flat[i + 1])
      if now - entry.lastSeenAt >= ttl then dropSession(flat[i]) else sessions[flat[i]] = entry n = n + 1 end
    end
  end
  sessions[handle] = session
  count = n
end
-- Whether the sessions ranked with the presented one are more than its limit; the account is read whole only when it stores more.
local function overLimit()
  local limit = limitOf(session.deviceClass)
  if count <= limit then return false end
  if not sessions then readAccount() end
  if not perClass then return count > limit end
  local n = 0
  for _, s in pairs(sessions) do if s.deviceClass == session.deviceClass then n = n + 1 end end
  return n > limit
end
if held and not login then
  if now - held.lastSeenAt >= touchInterval then
    held.lastSeenAt = now
    held.expiresAt = math.max(held.expiresAt, expiresAt)
    storeSession(handle, withClient(held), ttl)
  end
else
  local loginAt = now
  if givenLoginAt and (login or evictOldest) then
    if givenLoginAt > now + tolerance then clamped = true else loginAt = givenLoginAt end
  end
  if kept then redis.call('HDEL', E, handle) redis.call('ZREM', T, 'e:' .. handle) end
  session = withClient({ loginAt = loginAt, seq = redis.call('HINCRBY', E, '#seq', 1), lastSeenAt = now, expiresAt = expiresAt })
  if sid then session.sid = sid end
  if deviceClass then session.deviceClass = deviceClass end
  if not held then count = count + 1 end
  if strategy == 'choose' and overLimit() then session.pendingUntil = now + choiceTimeout end
  storeSession(handle, session, ttl)
  registered = true
end
local wasPending = not registered and session.pendingUntil ~= nil

local ended, own = {}, nil
local function idle(s) return now - s.lastSeenAt >= idleTimeout end
local function newer(a, b) return a.loginAt > b.loginAt or (a.loginAt == b.loginAt and a.seq > b.seq) end
local function byOf(s) return { loginAt = s.loginAt, userAgent = s.userAgent } end
local function endEntry(entry, notice)
  dropSession(entry.handle)
  keepNotice(entry.handle, notice, math.max(entry.session.expiresAt, now))
  table.insert(ended, { handle = entry.handle, sid = entry.session.sid, expiresAt = entry.session.expiresAt, notice = notice })
  if entry.handle == handle then own = notice end
end

-- The holders and the pending sessions ranked with the presented one, and the active holders.
local function ranked()
  local holders, waiting, active = {}, {}, 0
  for h, s in pairs(sessions) do
    if rankedWith(s, session.deviceClass) then
      if s.pendingUntil then table.insert(waiting, { handle = h, session = s })
      else
        table.insert(holders, { handle = h, session = s })
        if not idle(s) then active = active + 1 end
      end
    end
  end
  return holders, waiting, active
end

-- Under 'choose': ends the chosen session when it holds a place among those ranked with the presented one and none is free.
local chose = false
local function replace()
  if not chosen or not session.pendingUntil or session.pendingUntil <= now or chosen == handle then return end
  local target = sessions[chosen]
  if not target or target.pendingUntil or not rankedWith(target, session.deviceClass) then return end
  local _, _, active = ranked()
  if active < limitOf(session.deviceClass) then return end
  sessions[chosen] = nil
  endEntry({ handle = chosen, session = target }, { reason = 'replaced', endedAt = now, by = byOf(session) })
  chose = true
end

-- Ends expired pending sessions, promotes pending ones while there is room, ends holders past the limit.
local function enforce()
  local limit = limitOf(session.deviceClass)
  local holders, waiting, active = ranked()
  table.sort(waiting, function(x, y)
    if (x.handle == handle) ~= (y.handle == handle) then return x.handle == handle end
    return x.session.seq < y.session.seq
  end)
  for _, entry in ipairs(waiting) do
    if entry.session.pendingUntil <= now then
      endEntry(entry, { reason = 'limit', endedAt = now })
    elseif active < limit or (chose and entry.handle == handle) then
      entry.session.pendingUntil = nil
      storeSession(entry.handle, entry.session, ttl)
      table.insert(holders, entry)
      if not idle(entry.session) then active = active + 1 end
    end
  end
  if #holders <= limit then return end
  table.sort(holders, function(x, y)
    if chose and (x.handle == handle) ~= (y.handle == handle) then return x.handle == handle end
    local idleX, idleY = idle(x.session), idle(y.session)
    if idleX ~= idleY then return idleY end
    if evictOldest then return newer(x.session, y.session) end
    return x.session.seq < y.session.seq
  end)
  local newest = holders[1].session
  for i = 2, limit do if newer(holders[i].session, newest) then newest = holders[i].session end end
  for i = limit + 1, #holders do
    local entry = holders[i]
    if strategy == 'choose' and not idle(entry.session) then
      -- An active session past the limit (the limit went down, sessions came back after a wipe) is asked to choose.
      entry.session.pendingUntil = now + choiceTimeout
      storeSession(entry.handle, entry.session, ttl)
    else
      local reason = 'limit'
      if idle(entry.session) then reason = 'idle' elseif evictOldest then reason = 'newer-login' end
      local notice = { reason = reason, endedAt = now }
      if reason ~= 'limit' then notice.by = byOf(newest) end
      endEntry(entry, notice)
    end
  end
end

if limitOf(session.deviceClass) ~= math.huge and (session.pendingUntil or overLimit()) then
  if not sessions then readAccount() end
  replace()
  enforce()
end
prune()
if own then return cjson.encode({ now = now, notice = own, registered = registered, clampedLoginAt = clamped, ended = ended }) end
local result = { now = now, session = session, registered = registered, clampedLoginAt = clamped, ended = ended }
if wasPending and not session.pendingUntil then result.promoted = true end
return cjson.encode(result)
`;

/**
 * `end`. ARGV: mode ('all', 'handles', 'live'), reason, unknownLifetime, ttl, except ('' = none),
 * then the handles. Returns the ended live sessions as JSON.
 */
const END = `${PRELUDE}
local mode, notice = ARGV[1], { reason = ARGV[2], endedAt = now }
local unknownLifetime, ttl, except = tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local ended = {}
if mode == 'all' then
  local latest = now + unknownLifetime
  local flat, keptSession = redis.call('HGETALL', S), nil
  for i = 1, #flat, 2 do
    local session = cjson.decode(flat[i + 1])
    if now - session.lastSeenAt < ttl then
      if flat[i] == except then keptSession = session
      else
        table.insert(ended, { handle = flat[i], sid = session.sid, expiresAt = session.expiresAt, notice = notice })
        latest = math.max(latest, session.expiresAt)
      end
    end
  end
  local previous = liveMark()
  if previous then latest = math.max(latest, previous.expiresAt) end
  local seq = tonumber(redis.call('HGET', E, '#seq') or '0')
  redis.call('HSET', E, '#mark', cjson.encode({ seq = seq, at = now, notice = notice, expiresAt = latest }))
  redis.call('DEL', S)
  extend(latest)
  if keptSession then
    keptSession.seq = redis.call('HINCRBY', E, '#seq', 1)
    storeSession(except, keptSession, ttl)
  end
else
  for i = 6, #ARGV do
    local handle = ARGV[i]
    local session = liveSession(handle, ttl)
    if session then
      dropSession(handle)
      keepNotice(handle, notice, math.max(session.expiresAt, now))
      table.insert(ended, { handle = handle, sid = session.sid, expiresAt = session.expiresAt, notice = notice })
    elseif mode == 'handles' and not liveNotice(handle) then
      keepNotice(handle, notice, now + unknownLifetime)
    end
  end
end
prune()
return cjson.encode(ended)
`;

/** `list`. ARGV: ttl. Returns the live sessions as JSON `[handle, session JSON, …]`. */
const LIST = `${PRELUDE}
local ttl, live = tonumber(ARGV[1]), {}
local flat = redis.call('HGETALL', S)
for i = 1, #flat, 2 do
  if now - cjson.decode(flat[i + 1]).lastSeenAt < ttl then
    table.insert(live, flat[i])
    table.insert(live, flat[i + 1])
  end
end
return live
`;

/** A script and its SHA-1, for `EVALSHA`. */
export interface RedisScript {
  /** The Lua source. */
  source: string;
  /** Its SHA-1 in hex. */
  sha: string;
}

function script(source: string): RedisScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/** The storage's scripts. */
export const SCRIPTS = { admit: script(ADMIT), end: script(END), list: script(LIST) } as const;
