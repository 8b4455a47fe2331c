-- Rotation with reuse detection and a grace window, atomically on the family's keys (one tenant, one slot).
-- KEYS[1] refresh:{tenant}:<family> (the session; gone = revoked or idle)  KEYS[2] refresh_family:{tenant}:<family>
-- KEYS[3] refresh_used:{tenant}:<family> (hashes of rotated tokens)  KEYS[4] refresh_grace:{tenant}:<family>
-- ARGV[1] hash of the presented token  ARGV[2] hash of the successor  ARGV[3] successor pair (JSON)
-- ARGV[4] idle lifetime, ms  ARGV[5] grace window, ms
-- returns {outcome, user, pair}: rotated | grace (the stored successor) | reused (family revoked) |
-- expired-absolute | expired-idle | revoked (family ended) | unknown | retry (no successor sent for the current token)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local f = redis.call('HMGET', KEYS[2], 'uid', 'current', 'abs', 'last')
local uid = f[1]
if not uid then
  return {'unknown'}
end
local presented = ARGV[1]
if presented ~= f[2] and redis.call('SISMEMBER', KEYS[3], presented) == 0 then
  return {'unknown'}
end
local abs = tonumber(f[3])
if now >= abs then
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
  return {'expired-absolute', uid}
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
  if now >= tonumber(f[4]) + tonumber(ARGV[4]) then
    return {'expired-idle', uid}
  end
  return {'revoked', uid}
end
if presented == f[2] then
  if ARGV[2] == '' then
    -- the caller read the family before and sent no successor; it reads again (cannot happen: current only moves on)
    return {'retry', uid}
  end
  redis.call('HSET', KEYS[2], 'current', ARGV[2], 'last', now)
  redis.call('HINCRBY', KEYS[2], 'gen', 1)
  redis.call('SADD', KEYS[3], presented)
  redis.call('PEXPIREAT', KEYS[3], abs + tonumber(ARGV[4]))
  redis.call('PEXPIREAT', KEYS[1], math.min(abs, now + tonumber(ARGV[4])))
  redis.call('DEL', KEYS[4])
  local grace = tonumber(ARGV[5])
  if grace > 0 then
    redis.call('HSET', KEYS[4], 'for', presented, 'pair', ARGV[3])
    redis.call('PEXPIREAT', KEYS[4], math.min(abs, now + grace))
  end
  return {'rotated', uid, ARGV[3]}
end
local g = redis.call('HMGET', KEYS[4], 'for', 'pair')
if g[1] == presented then
  return {'grace', uid, g[2]}
end
-- a rotated token used again after its grace window: the whole family ends
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
return {'reused', uid}
