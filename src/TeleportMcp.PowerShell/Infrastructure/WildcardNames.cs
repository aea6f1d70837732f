using System;
using System.Management.Automation;

namespace TeleportMcp.Infrastructure
{
    /// <summary>A -Name wildcard checked up front: a malformed one ('a*[') is one non-terminating error, not the end of the command.</summary>
    internal static class WildcardNames
    {
        public static WildcardPattern TryCreate(string name, out ErrorRecord error)
        {
            error = null;
            var pattern = new WildcardPattern(name ?? "", WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
            try
            {
                // WildcardPattern parses lazily: the first match is where a bad pattern throws.
                pattern.IsMatch("");
                return pattern;
            }
            catch (WildcardPatternException e)
            {
                error = new ErrorRecord(new ArgumentException("The name '" + name + "' is not a valid wildcard pattern (" + e.Message.TrimEnd('.') +
                                                              "). Escape '[' and ']' with a backtick, or use a name without them.", e),
                    "InvalidWildcardPattern", ErrorCategory.InvalidArgument, name)
                {
                    ErrorDetails = new ErrorDetails("The name '" + name + "' is not a valid wildcard pattern.")
                    {
                        RecommendedAction = "Escape '[' and ']' with a backtick (`[), or close the bracket; the other names were still processed.",
                    },
                };
                return null;
            }
        }
    }
}
