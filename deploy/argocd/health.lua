-- Argo CD health of a sparkmagnum.io/SparkCluster, read from the status the operator writes.
-- Install: see argocd-cm.yaml next to this file. Written for Lua 5.1 (Argo CD's gopher-lua).
local hs = {}

-- Ready=False with one of these reasons needs a person (fix the spec, the Secret, the cloud); the
-- other reasons (BayCreating, MasterPending, OpenStackUnavailable, ...) pass on their own.
local needsAction = {
  InvalidSpec = true,
  CredentialsMissing = true,
  AuthenticationFailed = true,
  TemplateNotFound = true,
  BayNotFound = true,
  BayAmbiguous = true,
  BayCreateFailed = true
}

local function describe(condition, fallback)
  if condition == nil then
    return fallback
  end
  if condition.message ~= nil and condition.message ~= "" then
    if condition.reason ~= nil and condition.reason ~= "" then
      return condition.reason .. ": " .. condition.message
    end
    return condition.message
  end
  if condition.reason ~= nil and condition.reason ~= "" then
    return condition.reason
  end
  return fallback
end

if obj.metadata ~= nil and obj.metadata.deletionTimestamp ~= nil then
  hs.status = "Progressing"
  hs.message = "Deleting"
  return hs
end

local status = obj.status
if status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator"
  return hs
end

local generation = nil
if obj.metadata ~= nil then
  generation = obj.metadata.generation
end
if generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to act on generation " .. tostring(generation)
  return hs
end

local ready = nil
if status.conditions ~= nil then
  for _, condition in ipairs(status.conditions) do
    if condition.type == "Ready" then
      ready = condition
    end
  end
end

if status.phase == "Deleting" then
  hs.status = "Progressing"
  hs.message = "Deleting"
elseif status.phase == "Failed" then
  hs.status = "Degraded"
  hs.message = describe(ready, "Failed")
elseif ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = describe(ready, "Ready")
elseif ready ~= nil and ready.status == "False" and needsAction[ready.reason] then
  hs.status = "Degraded"
  hs.message = describe(ready, "Not ready")
elseif status.phase == "Degraded" then
  hs.status = "Degraded"
  hs.message = describe(ready, "Degraded")
else
  hs.status = "Progressing"
  hs.message = describe(ready, status.phase or "Waiting for the operator")
end
return hs
