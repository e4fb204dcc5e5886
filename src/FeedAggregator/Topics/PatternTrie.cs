namespace FeedAggregator.Topics;

/// <summary>
/// Every word and prefix the topics ask for, in one trie: a word of an item is walked once, character by character,
/// and yields each pattern it satisfies (its exact word, and every prefix it starts with). Most words leave the trie
/// within a character or two, so the cost does not grow with the number of topics.
/// </summary>
internal sealed class PatternTrie
{
    private readonly Node root = new();
    private readonly Dictionary<(string Word, bool Prefix), int> ids = [];

    public int Count => ids.Count;

    /// <summary>The id of a pattern, added when new.</summary>
    public int Add(string word, bool prefix)
    {
        if (ids.TryGetValue((word, prefix), out var id))
        {
            return id;
        }

        id = ids.Count;
        ids[(word, prefix)] = id;
        var node = root;
        foreach (var c in word)
        {
            node = node.Child(c);
        }

        if (prefix)
        {
            node.Prefixes = [.. node.Prefixes ?? [], id];
        }
        else
        {
            node.Exact = [.. node.Exact ?? [], id];
        }

        return id;
    }

    /// <summary>Makes the children searchable by binary search; call once all patterns are added.</summary>
    public void Freeze() => root.Freeze();

    /// <summary>Adds to <paramref name="found"/> the patterns <paramref name="word"/> satisfies.</summary>
    public void Match(ReadOnlySpan<char> word, List<int> found)
    {
        var node = root;
        foreach (var c in word)
        {
            node = node.Find(c);
            if (node is null)
            {
                return;
            }

            if (node.Prefixes is { } prefixes)
            {
                found.AddRange(prefixes);
            }
        }

        if (node.Exact is { } exact)
        {
            found.AddRange(exact);
        }
    }

    private sealed class Node
    {
        private readonly SortedDictionary<char, Node> building = [];
        private char[] keys = [];
        private Node[] children = [];

        public int[]? Exact { get; set; }

        public int[]? Prefixes { get; set; }

        public Node Child(char c)
        {
            if (!building.TryGetValue(c, out var child))
            {
                child = new Node();
                building[c] = child;
            }

            return child;
        }

        public void Freeze()
        {
            keys = [.. building.Keys];
            children = [.. building.Values];
            foreach (var child in children)
            {
                child.Freeze();
            }
        }

        public Node? Find(char c)
        {
            var keys = this.keys;
            if (keys.Length <= 8)
            {
                for (var i = 0; i < keys.Length; i++)
                {
                    if (keys[i] == c)
                    {
                        return children[i];
                    }
                }

                return null;
            }

            var at = Array.BinarySearch(keys, c);
            return at >= 0 ? children[at] : null;
        }
    }
}
