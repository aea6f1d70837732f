using System;
using System.IO;
using System.Management.Automation;

namespace TeleportMcp.Infrastructure
{
    /// <summary>Builds the module's ErrorRecords: stable ids, honest categories, and the location in ErrorDetails.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord InvalidInput(string errorId, string message, string location, ErrorCategory category, string recommendedAction = null)
        {
            string full = string.IsNullOrEmpty(location) ? message : location + ": " + message;
            var record = new ErrorRecord(new InvalidDataException(full), errorId, category, location);
            record.ErrorDetails = new ErrorDetails(full);
            if (recommendedAction != null) record.ErrorDetails.RecommendedAction = recommendedAction;
            return record;
        }

        /// <summary>The category that fits an engine diagnostic code.</summary>
        public static ErrorCategory CategoryFor(string code)
        {
            switch (code)
            {
                case "YamlParseError":
                case "JsonParseError":
                    return ErrorCategory.ParserError;
                case "FileReadError":
                    return ErrorCategory.ReadError;
                case "UnsupportedRoleVersion":
                case "InvalidResource":
                default:
                    return ErrorCategory.InvalidData;
            }
        }

        public static ErrorRecord Wrap(Exception e, string errorId, ErrorCategory category, object target) =>
            new ErrorRecord(e, errorId, category, target);
    }
}
