using System.Buffers.Binary;
using System.Text;

namespace BackupifyPortal.CircuitClient;

public enum FrameType { None = 0, Element = 1, Text = 2, Attribute = 3, Component = 4, Region = 5, ElementReferenceCapture = 6, ComponentReferenceCapture = 7, Markup = 8, ComponentRenderMode = 9, NamedEvent = 10 }

public enum EditType { PrependFrame = 1, RemoveFrame = 2, SetAttribute = 3, RemoveAttribute = 4, UpdateText = 5, StepIn = 6, StepOut = 7, UpdateMarkup = 8, PermutationListEntry = 9, PermutationListEnd = 10 }

/// <summary>One render tree frame as the server serialises it (20 bytes: type + 16 bytes that depend on the type).</summary>
public readonly record struct Frame(FrameType Type, int SubtreeLength, int ComponentId, string? Name, string? Value, ulong EventHandlerId);

public readonly record struct Edit(EditType Type, int SiblingIndex, int ReferenceFrameIndex, string? RemovedAttributeName);

public sealed record ComponentDiff(int ComponentId, IReadOnlyList<Edit> Edits);

public sealed record RenderBatch(IReadOnlyList<ComponentDiff> Diffs, Frame[] ReferenceFrames, int[] DisposedComponentIds, ulong[] DisposedEventHandlerIds);

/// <summary>
/// Reads Blazor's binary render batch (the format of RenderBatchWriter in Components.Server and
/// OutOfProcessRenderBatch in blazor.web.js): four sections, a string table, and five int32 offsets at the end.
/// </summary>
public static class RenderBatchReader
{
    public static RenderBatch Read(ReadOnlySpan<byte> data)
    {
        var trailer = data.Length - 20;
        var diffsAt = Int(data, trailer);
        var framesAt = Int(data, trailer + 4);
        var disposedComponentsAt = Int(data, trailer + 8);
        var disposedHandlersAt = Int(data, trailer + 12);
        var stringTableAt = Int(data, trailer + 16);
        var strings = new StringTable(stringTableAt);

        var diffCount = Int(data, diffsAt);
        var diffs = new List<ComponentDiff>(diffCount);
        for (var i = 0; i < diffCount; i++)
        {
            var at = Int(data, diffsAt + 4 + 4 * i);
            var componentId = Int(data, at);
            var editCount = Int(data, at + 4);
            var edits = new Edit[editCount];
            for (var e = 0; e < editCount; e++)
            {
                var editAt = at + 8 + 16 * e;
                edits[e] = new Edit((EditType)Int(data, editAt), Int(data, editAt + 4), Int(data, editAt + 8), strings.Get(data, Int(data, editAt + 12)));
            }
            diffs.Add(new ComponentDiff(componentId, edits));
        }

        var frameCount = Int(data, framesAt);
        var frames = new Frame[frameCount];
        for (var i = 0; i < frameCount; i++) frames[i] = ReadFrame(data, framesAt + 4 + 20 * i, strings);

        var disposedComponents = new int[Int(data, disposedComponentsAt)];
        for (var i = 0; i < disposedComponents.Length; i++) disposedComponents[i] = Int(data, disposedComponentsAt + 4 + 4 * i);
        var disposedHandlers = new ulong[Int(data, disposedHandlersAt)];
        for (var i = 0; i < disposedHandlers.Length; i++) disposedHandlers[i] = BinaryPrimitives.ReadUInt64LittleEndian(data[(disposedHandlersAt + 4 + 8 * i)..]);
        return new RenderBatch(diffs, frames, disposedComponents, disposedHandlers);
    }

    private static Frame ReadFrame(ReadOnlySpan<byte> data, int at, StringTable strings)
    {
        var type = (FrameType)Int(data, at);
        return type switch
        {
            FrameType.Attribute => new Frame(type, 0, 0, strings.Get(data, Int(data, at + 4)), strings.Get(data, Int(data, at + 8)), BinaryPrimitives.ReadUInt64LittleEndian(data[(at + 12)..])),
            FrameType.Component => new Frame(type, Int(data, at + 4), Int(data, at + 8), null, null, 0),
            FrameType.Element => new Frame(type, Int(data, at + 4), 0, strings.Get(data, Int(data, at + 8)), null, 0),
            FrameType.Region => new Frame(type, Int(data, at + 4), 0, null, null, 0),
            FrameType.Text or FrameType.Markup or FrameType.ElementReferenceCapture => new Frame(type, 0, 0, null, strings.Get(data, Int(data, at + 4)), 0),
            _ => new Frame(type, 0, 0, null, null, 0),
        };
    }

    private static int Int(ReadOnlySpan<byte> data, int at) => BinaryPrimitives.ReadInt32LittleEndian(data[at..]);

    /// <summary>Index → offset table; each string is .NET BinaryWriter's 7-bit length prefix plus UTF-8.</summary>
    private sealed class StringTable(int tableAt)
    {
        private readonly Dictionary<int, string> cache = [];

        public string? Get(ReadOnlySpan<byte> data, int index)
        {
            if (index < 0) return null;
            if (cache.TryGetValue(index, out var known)) return known;
            var at = Int(data, tableAt + 4 * index);
            var length = 0;
            var shift = 0;
            byte b;
            do
            {
                b = data[at++];
                length |= (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            return cache[index] = Encoding.UTF8.GetString(data.Slice(at, length));
        }
    }
}
