using System;

namespace TeleportMcp.Engine.Audit
{
    /// <summary>What one character did to the object being framed.</summary>
    internal enum FrameStep : byte
    {
        More,
        /// <summary>The character closed the object.</summary>
        Complete,
        /// <summary>The character cannot stand there in JSON (<see cref="JsonObjectFramer.Message"/> says why).</summary>
        Broken,
    }

    /// <summary>
    /// Follows JSON's structure through an object spread over lines, one character at a time, to find where it ends
    /// and where it breaks: a character JSON does not allow where it stands, or a line that ends inside a string (JSON
    /// strings hold no raw line break, so such an object was cut off). Counting braces alone cannot tell a cut event
    /// from the next one (the next event's '{' would count as nesting). Scalars are taken as runs of characters and
    /// strings are not decoded: the full parser reads a framed object and gives the exact place of anything inside a
    /// token. Nesting is bounded by Limits.JsonMaxDepth (one flag per open container, never the stack).
    /// </summary>
    internal sealed class JsonObjectFramer
    {
        private enum Expect : byte
        {
            Value,
            /// <summary>After '[': a value or ']'.</summary>
            ValueOrClose,
            /// <summary>After '{': a property name or '}'.</summary>
            NameOrClose,
            /// <summary>After ',' in an object.</summary>
            Name,
            Colon,
            CommaOrClose,
        }

        private readonly Common.Limits _limits;
        private readonly int _maxDepth;
        private bool[] _isObject = new bool[16];
        private int _depth;
        private Expect _expect;
        private bool _inString;
        private bool _inName;
        private bool _escape;
        private bool _inScalar;

        /// <param name="limits">Its JsonMaxDepth, as <see cref="Json.JsonParser"/> counts it (the outer object is depth 0): deeper is refused.</param>
        public JsonObjectFramer(Common.Limits limits)
        {
            _limits = limits;
            _maxDepth = limits.JsonMaxDepth;
        }

        /// <summary>Why the last <see cref="FrameStep.Broken"/> character broke the object, in the full parser's words.</summary>
        public string Message { get; private set; } = "";

        /// <summary>Inside a string and not after a backslash: only '"' and '\\' change the state.</summary>
        public bool InPlainString => _inString && !_escape;

        /// <summary>Between tokens where a value must come next (after ':', '[' or an array's ','): a '{' there is a nested object.</summary>
        public bool ExpectsValue => !_inString && !_inScalar && (_expect == Expect.Value || _expect == Expect.ValueOrClose);

        /// <summary>How many objects and arrays are open (1 inside the outer object alone).</summary>
        public int Depth => _depth;

        /// <summary>Inside a string or a scalar, where a space is not just space between tokens.</summary>
        public bool InToken => _inString || _inScalar;

        /// <summary>
        /// Reads on as if the object opened at depth <paramref name="outer"/> (an open object inside the one being read)
        /// had been started on its own: it was the next event, not a value. What is expected next does not change. When it
        /// has not opened yet (its '{' was refused for nesting), nothing is open and its '{' is read next.
        /// </summary>
        public void Rebase(int outer)
        {
            Array.Copy(_isObject, outer, _isObject, 0, _depth - outer);
            _depth -= outer;
        }

        /// <summary>Starts an object at its opening '{'.</summary>
        public void Start()
        {
            _depth = 1;
            _isObject[0] = true;
            _expect = Expect.NameOrClose;
            _inString = _escape = _inScalar = _inName = false;
        }

        /// <summary>The next character of the object (line breaks are not passed: call <see cref="EndLine"/>).</summary>
        public FrameStep Next(char c)
        {
            if (_inString)
            {
                if (_escape) _escape = false;
                else if (c == '\\') _escape = true;
                else if (c == '"')
                {
                    _inString = false;
                    _expect = _inName ? Expect.Colon : Expect.CommaOrClose;
                }
                return FrameStep.More;
            }
            if (_inScalar)
            {
                if (IsScalarChar(c)) return FrameStep.More;
                _inScalar = false;
                _expect = Expect.CommaOrClose;
            }
            if (c == ' ' || c == '\t' || c == '\r') return FrameStep.More;
            bool inObject = _depth > 0 && _isObject[_depth - 1];
            switch (_expect)
            {
                case Expect.Name:
                case Expect.NameOrClose:
                    if (c == '"') return String(true);
                    if (c == '}' && _expect == Expect.NameOrClose) return Close();
                    return Broken(c, "a property name in double quotes was expected");
                case Expect.Colon:
                    if (c == ':')
                    {
                        _expect = Expect.Value;
                        return FrameStep.More;
                    }
                    return Broken(c, "':' was expected");
                case Expect.CommaOrClose:
                    if (c == ',')
                    {
                        _expect = inObject ? Expect.Name : Expect.Value;
                        return FrameStep.More;
                    }
                    if (c == (inObject ? '}' : ']')) return Close();
                    return Broken(c, inObject ? "',' or '}' was expected" : "',' or ']' was expected");
                default:
                    if (c == ']' && _expect == Expect.ValueOrClose) return Close();
                    if (c == '"') return String(false);
                    if (c == '{' || c == '[') return Open(c == '{');
                    if (c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' || c == 'n')
                    {
                        _inScalar = true;
                        return FrameStep.More;
                    }
                    return Broken(c, "a value was expected");
            }
        }

        /// <summary>The end of a line: false (with <see cref="Message"/>) when it ends inside a string.</summary>
        public bool EndLine()
        {
            if (_inScalar)
            {
                _inScalar = false;
                _expect = Expect.CommaOrClose;
            }
            if (!_inString) return true;
            Message = "invalid JSON: the line ends inside a string (the event is cut off, or a line break in a string is not written \\n)";
            return false;
        }

        private FrameStep String(bool name)
        {
            _inString = true;
            _inName = name;
            return FrameStep.More;
        }

        private FrameStep Open(bool isObject)
        {
            // The full parser refuses a value deeper than maxDepth; an empty container one level deeper is its to judge.
            if (_depth > _maxDepth)
            {
                Message = "invalid JSON: nesting deeper than " + _maxDepth + " levels (" + _limits.Describe(nameof(Common.Limits.JsonMaxDepth)) + ")";
                return FrameStep.Broken;
            }
            if (_depth == _isObject.Length) Array.Resize(ref _isObject, Math.Min(_isObject.Length * 2, _maxDepth + 2));
            _isObject[_depth++] = isObject;
            _expect = isObject ? Expect.NameOrClose : Expect.ValueOrClose;
            return FrameStep.More;
        }

        private FrameStep Close()
        {
            if (--_depth == 0) return FrameStep.Complete;
            _expect = Expect.CommaOrClose;
            return FrameStep.More;
        }

        private FrameStep Broken(char c, string expected)
        {
            Message = "invalid JSON: unexpected '" + AuditEventReader.Printable(c.ToString()) + "', " + expected;
            return FrameStep.Broken;
        }

        private static bool IsScalarChar(char c) =>
            (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '+' || c == '-' || c == '.';
    }
}
