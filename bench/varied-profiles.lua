-- wrk script: cycles through 120 different profiles (countries × years × skills × currency),
-- so the estimate benchmark is not one profile repeated.
local countries = {"PL", "US", "DE", "UA", "IN", "BR", "GB", "NG", "AU", "MT", "MX", "Egypt"}
local years = {"1", "4", "7", "12", "20"}
local skills = {"Go,PostgreSQL", "Java", "Python,Django", "Rust"}
local currencies = {"EUR", "USD", "GBP"}
paths = {} -- global: bench/unique-profiles.lua reuses it
for i = 1, 120 do
  local c = countries[(i % #countries) + 1]
  local y = years[(i % #years) + 1]
  local s = skills[(math.floor(i / 3) % #skills) + 1]
  local cur = currencies[(math.floor(i / 7) % #currencies) + 1]
  paths[i] = "/v1/estimate?country=" .. c .. "&years=" .. y .. "&skills=" .. s .. "&currency=" .. cur
end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
