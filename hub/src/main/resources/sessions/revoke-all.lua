-- KEYS[1] refresh_user:{tenant}:<user>   KEYS[2..n+1] refresh:{tenant}:<jti> of ARGV[1..n]
-- deletes the named sessions and their index entries, trims expired entries;
-- returns the number of sessions deleted
local revoked = 0
for i = 1, #ARGV do
  revoked = revoked + redis.call('DEL', KEYS[i + 1])
  redis.call('ZREM', KEYS[1], ARGV[i])
end
local t = redis.call('TIME')
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
if last[2] then
  redis.call('PEXPIREAT', KEYS[1], last[2])
end
return revoked
