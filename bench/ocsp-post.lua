-- wrk script: POST an OCSP request with a fresh 16-byte nonce each time.
-- OCSP_REQUEST names a DER request made by `openssl ocsp -nonce -reqout`: its nonce is the
-- last 16 bytes (requestExtensions close the TBSRequest and the request is unsigned).
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
  return wrk.format("POST", "/ocsp", headers, prefix .. table.concat(chars))
end
