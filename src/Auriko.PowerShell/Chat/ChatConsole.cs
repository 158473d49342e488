using System;
using System.Management.Automation.Host;

namespace Auriko.PowerShell.Chat
{
    /// <summary>
    /// What Enter-AurikoChat writes to the host: the prompt, answer text as it streams, and dim status
    /// lines. Styles are ANSI sequences, used only when the host renders them and the user has not
    /// asked for plain text (NO_COLOR, $PSStyle.OutputRendering = 'PlainText').
    /// </summary>
    internal sealed class ChatConsole
    {
        private const string Dim = "\u001b[2m";
        private const string Bold = "\u001b[1m";
        private const string Reset = "\u001b[0m";

        private readonly PSHostUserInterface _ui;
        private readonly bool _styled;
        private bool _atLineStart = true;

        internal ChatConsole(PSHostUserInterface ui, bool styled)
        {
            _ui = ui;
            _styled = styled;
        }

        /// <summary>Whether the host renders ANSI styles and plain text was not asked for.</summary>
        internal static bool WantsStyles(PSHostUserInterface ui, object? outputRendering)
        {
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")))
            {
                return false;
            }

            if (string.Equals(outputRendering?.ToString(), "PlainText", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            try
            {
                return ui.SupportsVirtualTerminal;
            }
            catch (NotImplementedException)
            {
                return false;
            }
        }

        /// <summary>Writes the prompt and reads the user's line; null at the end of input.</summary>
        internal string? ReadLine()
        {
            EndLine();
            _ui.Write(_styled ? Bold + "you>" + Reset + " " : "you> ");
            string? line = _ui.ReadLine();
            _atLineStart = true;
            return line;
        }

        /// <summary>Answer text, as it arrives.</summary>
        internal void Write(string text)
        {
            if (text.Length == 0)
            {
                return;
            }

            _ui.Write(text);
            _atLineStart = text[text.Length - 1] == '\n';
        }

        /// <summary>A dim status line, on a line of its own.</summary>
        internal void Status(string text)
        {
            EndLine();
            _ui.WriteLine(_styled ? Dim + text + Reset : text);
        }

        /// <summary>Ends a partly written line (an answer without a final line break).</summary>
        internal void EndLine()
        {
            if (_atLineStart)
            {
                return;
            }

            _ui.WriteLine();
            _atLineStart = true;
        }
    }
}
