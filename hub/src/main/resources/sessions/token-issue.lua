-- A login: a new token family, recorded as the seed's session (KEYS[1], indexed in KEYS[2]) plus its state.
-- KEYS[1] refresh:{tenant}:<family>  KEYS[2] refresh_user:{tenant}:<user>  KEYS[3] refresh_family:{tenant}:<family>
-- ARGV[1] family id  ARGV[2] session JSON {"uid","exp"}  ARGV[3] absolute end, epoch ms  ARGV[4] user id
-- ARGV[5] hash of the first refresh token  ARGV[6] idle lifetime, ms
-- returns 1 issued, 0 not (the absolute end has passed, or the family id is taken)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local abs = tonumber(ARGV[3])
if abs <= now or redis.call('EXISTS', KEYS[1]) == 1 or redis.call('EXISTS', KEYS[3]) == 1 then
  return 0
end
-- the session ends when the family goes idle, at its absolute end at the latest
redis.call('SET', KEYS[1], ARGV[2], 'PXAT', math.min(abs, now + tonumber(ARGV[6])))
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
redis.call('ZADD', KEYS[2], abs, ARGV[1])
local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[2], last[2])
redis.call('HSET', KEYS[3], 'uid', ARGV[4], 'current', ARGV[5], 'abs', abs, 'last', now, 'gen', 1)
-- kept for one idle lifetime past the absolute end, so a late refresh hears why it is refused
redis.call('PEXPIREAT', KEYS[3], abs + tonumber(ARGV[6]))
return 1
