-- KEYS[1] refresh:{tenant}:<jti>   KEYS[2] refresh_user:{tenant}:<user>
-- ARGV[1] jti  ARGV[2] the stored JSON the caller read (compare-and-delete)
-- returns 1 revoked, -1 the session changed since it was read (read again)
if redis.call('GET', KEYS[1]) ~= ARGV[2] then
  return -1
end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
local t = redis.call('TIME')
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))
local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
if last[2] then
  redis.call('PEXPIREAT', KEYS[2], last[2])
end
return 1
