using System.Text.Json.Nodes;

namespace Saas.Platform.Records;

/// <summary>
/// The checked values of a write in their stored form, keyed by field id: every given field (null clears it) and, on
/// create, the defaults. The owner is set when the write names one, or on create by default.
/// </summary>
internal sealed record RecordDraft(Dictionary<Guid, JsonNode?> Values, bool SetsOwner, Guid? OwnerId);
