-- As ocsp-post.lua, for `openssl ocsp -port`, which answers POST on "/".
local f = assert(io.open(os.getenv("OCSP_REQUEST"), "rb"))
local template = f:read("*a")
f:close()
local prefix = template:sub(1, #template - 16)
local headers = { ["Content-Type"] = "application/ocsp-request" }
local chars = {}

request = function()
  for i = 1, 16 do
    chars[i] = string.char(math.random(0, 255))
  end
  return wrk.format("POST", "/", headers, prefix .. table.concat(chars))
end
