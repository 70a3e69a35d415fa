-- wrk script: the 120 varied profiles with a request number appended (an ignored parameter), so
-- every query string is new: each request misses the estimate cache and adds to its churn.
-- The worst case for a server with the cache on. Run from the repository root (bench/load.sh does).
dofile("bench/varied-profiles.lua")
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1] .. "&request=" .. counter)
end
