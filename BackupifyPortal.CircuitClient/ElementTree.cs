namespace BackupifyPortal.CircuitClient;

public abstract class Node
{
    public ContainerNode? Parent { get; internal set; }
}

public abstract class ContainerNode : Node
{
    public List<Node> Children { get; } = [];

    public IEnumerable<Node> Descendants()
    {
        foreach (var child in Children)
        {
            yield return child;
            if (child is ContainerNode container)
                foreach (var d in container.Descendants()) yield return d;
        }
    }

    public string TextContent() => string.Concat(Descendants().Select(d => d switch
    {
        TextNode t => t.Text,
        MarkupNode m => m.Text,
        _ => "",
    }));
}

public sealed class ComponentNode(int componentId) : ContainerNode
{
    public int ComponentId { get; } = componentId;
}

public sealed class ElementNode(string tag, int ownerComponentId) : ContainerNode
{
    public string Tag { get; } = tag;
    /// <summary>The component whose render output holds this element (the event field info names it).</summary>
    public int OwnerComponentId { get; } = ownerComponentId;
    public Dictionary<string, string> Attributes { get; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Event name without "on" (click, change, input, submit…) → the server's event handler id.</summary>
    public Dictionary<string, ulong> Handlers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string? Attribute(string name) => Attributes.GetValueOrDefault(name);

    public IEnumerable<ElementNode> Ancestors()
    {
        for (var p = Parent; p is not null; p = p.Parent)
            if (p is ElementNode e) yield return e;
    }

    public override string ToString() => $"<{Tag} {string.Join(' ', Attributes.Select(a => $"{a.Key}=\"{a.Value}\""))}> handlers: {string.Join(',', Handlers.Keys)}";
}

public sealed class TextNode(string text) : Node
{
    public string Text { get; set; } = text;
}

public sealed class MarkupNode(string markup) : Node
{
    public string Markup { get; set; } = markup;

    /// <summary>The markup's text as a browser would show it (tags dropped, entities decoded).</summary>
    public string Text => System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(Markup, "<[^>]*>", ""));
}

/// <summary>
/// The page as the browser would hold it, rebuilt from render batches the way blazor.web.js's BrowserRenderer
/// applies them: components are logical containers, regions are flattened, attributes land on their element.
/// </summary>
public sealed class ElementTree
{
    private readonly Dictionary<int, ComponentNode> components = [];

    public IEnumerable<ComponentNode> Roots => components.Values.Where(c => c.Parent is null);

    public IEnumerable<ElementNode> Elements() => Roots.SelectMany(r => r.Descendants()).OfType<ElementNode>();

    public string TextContent() => string.Concat(Roots.Select(r => r.TextContent()));

    /// <summary>An indented outline of the tree, for failure messages.</summary>
    public string Dump()
    {
        var text = new System.Text.StringBuilder();
        void Write(Node node, int depth)
        {
            var pad = new string(' ', depth * 2);
            switch (node)
            {
                case ElementNode e: text.Append(pad).AppendLine(e.ToString()); break;
                case ComponentNode c: text.Append(pad).AppendLine($"[component {c.ComponentId}]"); break;
                case TextNode t: text.Append(pad).AppendLine($"\"{t.Text}\""); break;
                case MarkupNode m: text.Append(pad).AppendLine($"markup {m.Markup}"); break;
            }
            if (node is ContainerNode container) foreach (var child in container.Children) Write(child, depth + 1);
        }
        foreach (var root in Roots) Write(root, 0);
        return text.ToString();
    }

    public void Apply(RenderBatch batch)
    {
        foreach (var diff in batch.Diffs) ApplyDiff(diff, batch.ReferenceFrames);
        foreach (var id in batch.DisposedComponentIds)
        {
            if (components.Remove(id, out var gone)) gone.Parent?.Children.Remove(gone);
        }
    }

    private ComponentNode Component(int id)
    {
        if (!components.TryGetValue(id, out var node)) components[id] = node = new ComponentNode(id);
        return node;
    }

    private void ApplyDiff(ComponentDiff diff, Frame[] frames)
    {
        ContainerNode parent = Component(diff.ComponentId);
        var childIndexAtCurrentDepth = 0;
        var permutations = new List<(int From, int To)>();
        foreach (var edit in diff.Edits)
        {
            var index = childIndexAtCurrentDepth + edit.SiblingIndex;
            switch (edit.Type)
            {
                case EditType.PrependFrame:
                    InsertFrame(diff.ComponentId, parent, index, frames, edit.ReferenceFrameIndex);
                    break;
                case EditType.RemoveFrame:
                    var removed = parent.Children[index];
                    parent.Children.RemoveAt(index);
                    removed.Parent = null;
                    break;
                case EditType.SetAttribute:
                    ApplyAttribute((ElementNode)parent.Children[index], frames[edit.ReferenceFrameIndex]);
                    break;
                case EditType.RemoveAttribute:
                    var element = (ElementNode)parent.Children[index];
                    element.Attributes.Remove(edit.RemovedAttributeName!);
                    element.Handlers.Remove(EventName(edit.RemovedAttributeName!));
                    break;
                case EditType.UpdateText:
                    ((TextNode)parent.Children[index]).Text = frames[edit.ReferenceFrameIndex].Value ?? "";
                    break;
                case EditType.UpdateMarkup:
                    ((MarkupNode)parent.Children[index]).Markup = frames[edit.ReferenceFrameIndex].Value ?? "";
                    break;
                case EditType.StepIn:
                    parent = (ContainerNode)parent.Children[index];
                    childIndexAtCurrentDepth = 0;
                    break;
                case EditType.StepOut:
                    parent = parent.Parent!;
                    childIndexAtCurrentDepth = 0;
                    break;
                case EditType.PermutationListEntry:
                    permutations.Add((index, childIndexAtCurrentDepth + edit.ReferenceFrameIndex));
                    break;
                case EditType.PermutationListEnd:
                    var moving = permutations.Select(p => (Node: parent.Children[p.From], p.To)).ToList();
                    foreach (var (node, to) in moving) parent.Children[to] = node;
                    permutations.Clear();
                    break;
            }
        }
    }

    private int InsertFrame(int componentId, ContainerNode parent, int childIndex, Frame[] frames, int frameIndex)
    {
        var frame = frames[frameIndex];
        switch (frame.Type)
        {
            case FrameType.Element:
                var element = new ElementNode(frame.Name ?? "", componentId);
                Insert(parent, childIndex, element);
                var end = frameIndex + frame.SubtreeLength;
                for (var i = frameIndex + 1; i < end; i++)
                {
                    if (frames[i].Type == FrameType.Attribute)
                    {
                        ApplyAttribute(element, frames[i]);
                        continue;
                    }
                    InsertFrameRange(componentId, element, 0, frames, i, end);
                    break;
                }
                return 1;
            case FrameType.Text:
                Insert(parent, childIndex, new TextNode(frame.Value ?? ""));
                return 1;
            case FrameType.Markup:
                Insert(parent, childIndex, new MarkupNode(frame.Value ?? ""));
                return 1;
            case FrameType.Component:
                var child = Component(frame.ComponentId);
                child.Parent?.Children.Remove(child);
                Insert(parent, childIndex, child);
                return 1;
            case FrameType.Region:
                return InsertFrameRange(componentId, parent, childIndex, frames, frameIndex + 1, frameIndex + frame.SubtreeLength);
            default:
                return 0;
        }
    }

    private int InsertFrameRange(int componentId, ContainerNode parent, int childIndex, Frame[] frames, int start, int endExclusive)
    {
        var first = childIndex;
        for (var i = start; i < endExclusive; i++)
        {
            childIndex += InsertFrame(componentId, parent, childIndex, frames, i);
            var frame = frames[i];
            if (frame.Type is FrameType.Element or FrameType.Component or FrameType.Region) i += frame.SubtreeLength - 1;
        }
        return childIndex - first;
    }

    private static void Insert(ContainerNode parent, int index, Node node)
    {
        node.Parent = parent;
        parent.Children.Insert(Math.Min(index, parent.Children.Count), node);
    }

    private static void ApplyAttribute(ElementNode element, Frame attribute)
    {
        var name = attribute.Name ?? "";
        if (attribute.EventHandlerId != 0)
        {
            element.Handlers[EventName(name)] = attribute.EventHandlerId;
            return;
        }
        if (attribute.Value is null) element.Attributes.Remove(name);
        else element.Attributes[name] = attribute.Value;
    }

    private static string EventName(string attributeName) =>
        attributeName.StartsWith("on", StringComparison.Ordinal) ? attributeName[2..] : attributeName;
}
