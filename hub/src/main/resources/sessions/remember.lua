-- KEYS[1] refresh:{tenant}:<jti>   KEYS[2] refresh_user:{tenant}:<user>
-- ARGV[1] jti  ARGV[2] stored JSON {"uid","exp"}  ARGV[3] expiry, epoch ms  ARGV[4] user id
-- returns 1 remembered, 0 already expired, -1 jti held by another user
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local exp = tonumber(ARGV[3])
if exp <= now then
  return 0
end
local old = redis.call('GET', KEYS[1])
if old and cjson.decode(old).uid ~= ARGV[4] then
  return -1
end
redis.call('SET', KEYS[1], ARGV[2], 'PXAT', exp)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
redis.call('ZADD', KEYS[2], exp, ARGV[1])
-- the index lives exactly as long as its longest-lived session
local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[2], last[2])
return 1
