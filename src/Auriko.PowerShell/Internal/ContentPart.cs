using System;
using System.Collections.Generic;

namespace Auriko.PowerShell.Internal
{
    /// <summary>
    /// A content part of a message (<c>{type: "text", text}</c>, <c>{type: "image_url", image_url: {url, detail}}</c>)
    /// or one of its objects. The client writes it as the JSON object it is; its ToString() is what a person wants to
    /// read in History and Format-List (the text, or which image), never a type name or a screen of base64.
    /// </summary>
    internal sealed class ContentPart : Dictionary<string, object?>
    {
        private readonly string _display;

        private ContentPart(string display)
            : base(StringComparer.Ordinal)
        {
            _display = display;
        }

        /// <summary>A <c>text</c> part.</summary>
        internal static ContentPart Text(string text)
        {
            var part = new ContentPart(text);
            part["type"] = "text";
            part["text"] = text;
            return part;
        }

        /// <summary>An <c>image_url</c> part; <paramref name="display"/> names the image (a file name, or the URL).</summary>
        internal static ContentPart Image(string url, string? detail, string display)
        {
            string shown = detail == null ? display : display + ", detail " + detail;
            var image = new ContentPart(shown);
            image["url"] = url;
            if (detail != null)
            {
                image["detail"] = detail;
            }

            var part = new ContentPart("[image: " + shown + "]");
            part["type"] = "image_url";
            part["image_url"] = image;
            return part;
        }

        /// <summary>The text of a text part; which image, for an image part.</summary>
        public override string ToString() => _display;
    }
}
