-- Logout: any token the family issued ends the whole family.
-- KEYS[1] refresh:{tenant}:<family>  KEYS[2] refresh_family:{tenant}:<family>  KEYS[3] refresh_used:{tenant}:<family>
-- KEYS[4] refresh_grace:{tenant}:<family>  ARGV[1] hash of the presented token
-- returns {'revoked', user} or {'unknown'}
local f = redis.call('HMGET', KEYS[2], 'uid', 'current')
if not f[1] or (ARGV[1] ~= f[2] and redis.call('SISMEMBER', KEYS[3], ARGV[1]) == 0) then
  return {'unknown'}
end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
return {'revoked', f[1]}
