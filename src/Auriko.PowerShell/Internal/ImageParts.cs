using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation;

namespace Auriko.PowerShell.Internal
{
    /// <summary>
    /// Turns -Image arguments into <c>image_url</c> content parts: an http(s) URL is sent as is; a local file (resolved
    /// against the PowerShell location) is read once and sent inline as a <c>data:</c> URL. The image type comes from
    /// the file's first bytes, so a screenshot saved with the wrong extension still goes with the right type.
    /// </summary>
    internal static class ImageParts
    {
        /// <summary>The largest local image sent inline (the limit OpenAI-compatible providers state per image).</summary>
        internal const long MaxImageBytes = 20L * 1024 * 1024;

        /// <summary>The supported types, for messages.</summary>
        internal const string SupportedTypes = "PNG, JPEG, GIF or WebP";

        /// <summary>
        /// Loads every image, or returns the first problem as an ErrorRecord naming the image (TargetObject = the
        /// argument as given), so the cmdlet stops before any request.
        /// </summary>
        internal static bool TryLoad(string[] images, string? detail, PathIntrinsics paths,
            out List<ContentPart> parts, out ErrorRecord? error)
        {
            parts = new List<ContentPart>(images.Length);
            foreach (var image in images)
            {
                var part = Load(image, detail, paths, out error);
                if (part == null)
                {
                    return false;
                }

                parts.Add(part);
            }
            error = null;
            return true;
        }

        /// <summary>The user message: one <c>text</c> part, then one <c>image_url</c> part per image.</summary>
        internal static ChatMessage UserMessage(string text, IReadOnlyList<ContentPart> images)
        {
            var content = new List<object?>(images.Count + 1) { ContentPart.Text(text) };
            foreach (var image in images)
            {
                content.Add(image);
            }

            return new ChatMessage { Role = "user", Content = content };
        }

        private static ContentPart? Load(string image, string? detail, PathIntrinsics paths, out ErrorRecord? error)
        {
            error = null;
            if (string.IsNullOrWhiteSpace(image))
            {
                error = Error(new ArgumentException(Messages.ImageEmpty), "ImageNotFound", ErrorCategory.InvalidArgument, image);
                return null;
            }
            if (Uri.TryCreate(image, UriKind.Absolute, out var uri)
                && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                return ContentPart.Image(image, detail, image);
            }

            string path;
            try
            {
                path = paths.GetUnresolvedProviderPathFromPSPath(image, out var provider, out _);
                if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
                {
                    error = Error(new ArgumentException(Format(Messages.ImageNotAFile, image, provider.Name)),
                        "ImageNotFound", ErrorCategory.InvalidArgument, image);
                    return null;
                }
            }
            catch (Exception ex) when (ex is RuntimeException || ex is ArgumentException || ex is NotSupportedException)
            {
                // An unknown drive or provider (Z:\x.png, Foo::bar): PowerShell's own message says which.
                error = Error(new FileNotFoundException(Format(Messages.ImageNotFound, image, ex.Message), image),
                    "ImageNotFound", ErrorCategory.ObjectNotFound, image);
                return null;
            }

            byte[] bytes;
            try
            {
                var file = new FileInfo(path);
                if (!file.Exists)
                {
                    string why = Directory.Exists(path) ? Messages.ImageIsFolder : Messages.ImageNoSuchFile;
                    error = Error(new FileNotFoundException(Format(Messages.ImageNotFound, image, why), path),
                        "ImageNotFound", ErrorCategory.ObjectNotFound, image);
                    return null;
                }
                // Checked before reading, so a huge file is refused without being read.
                if (file.Length > MaxImageBytes)
                {
                    error = Error(new ArgumentException(Format(Messages.ImageTooLarge, image, Size(file.Length), Size(MaxImageBytes))),
                        "ImageTooLarge", ErrorCategory.LimitsExceeded, image);
                    return null;
                }
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is System.Security.SecurityException)
            {
                error = Error(new IOException(Format(Messages.ImageUnreadable, image, ex.Message), ex),
                    "ImageUnreadable", ErrorCategory.ReadError, image);
                return null;
            }
            if (bytes.Length > MaxImageBytes)
            {
                error = Error(new ArgumentException(Format(Messages.ImageTooLarge, image, Size(bytes.Length), Size(MaxImageBytes))),
                    "ImageTooLarge", ErrorCategory.LimitsExceeded, image);
                return null;
            }

            string? mime = MimeTypeOf(bytes);
            if (mime == null)
            {
                error = Error(new ArgumentException(Format(Messages.ImageTypeUnsupported, image, SupportedTypes)),
                    "ImageTypeUnsupported", ErrorCategory.InvalidData, image);
                return null;
            }

            string url = "data:" + mime + ";base64," + Convert.ToBase64String(bytes);
            return ContentPart.Image(url, detail, Path.GetFileName(path) + " (" + mime + ", " + Size(bytes.Length) + ")");
        }

        /// <summary>The image type from the file's signature (magic bytes), or null when it is none of the supported ones.</summary>
        internal static string? MimeTypeOf(byte[] bytes)
        {
            if (StartsWith(bytes, 0, 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A))
            {
                return "image/png";
            }

            if (StartsWith(bytes, 0, 0xFF, 0xD8, 0xFF))
            {
                return "image/jpeg";
            }

            if (StartsWith(bytes, 0, (byte)'G', (byte)'I', (byte)'F', (byte)'8')
                && bytes.Length >= 6 && (bytes[4] == '7' || bytes[4] == '9') && bytes[5] == 'a')
            {
                return "image/gif";
            }
            // RIFF <size> WEBP
            if (StartsWith(bytes, 0, (byte)'R', (byte)'I', (byte)'F', (byte)'F')
                && StartsWith(bytes, 8, (byte)'W', (byte)'E', (byte)'B', (byte)'P'))
            {
                return "image/webp";
            }
            return null;
        }

        private static bool StartsWith(byte[] bytes, int offset, params byte[] signature)
        {
            if (bytes.Length < offset + signature.Length)
            {
                return false;
            }

            for (int i = 0; i < signature.Length; i++)
            {
                if (bytes[offset + i] != signature[i])
                {
                    return false;
                }
            }
            return true;
        }

        private static string Size(long bytes) =>
            bytes >= 1024 * 1024
                ? (bytes / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.InvariantCulture) + " MB"
                : bytes >= 1024
                    ? (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB"
                    : bytes.ToString(CultureInfo.InvariantCulture) + " bytes";

        private static string Format(string format, params object[] args) =>
            string.Format(CultureInfo.InvariantCulture, format, args);

        private static ErrorRecord Error(Exception exception, string errorId, ErrorCategory category, string target) =>
            new ErrorRecord(exception, errorId, category, target);
    }
}
