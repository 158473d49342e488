#
# Module manifest for Auriko for PowerShell.
#
# This file is the single source of truth for the module's metadata and version:
# Directory.Build.props reads ModuleVersion, Author, CompanyName and Copyright from here,
# and build.ps1 copies it unchanged into out/Auriko/<version>/.
#
@{
    RootModule             = 'Auriko.PowerShell.dll'
    ModuleVersion          = '0.1.0'
    GUID                   = '488a1bcd-77e8-4f31-9be9-ee515baa350c'
    Author                 = 'Auriko for PowerShell contributors'
    CompanyName            = 'Auriko for PowerShell contributors'
    Copyright              = '(c) Auriko for PowerShell contributors. MIT License.'
    Description            = 'PowerShell client for the Auriko LLM gateway: OpenAI-compatible chat completions (streamed or not) with Auriko routing by cost, latency and throughput, routing metadata and cost on every answer, and workspace, budget, model and provider discovery. One netstandard2.0 build for Windows PowerShell 5.1 and PowerShell 7 on Windows, Linux and macOS.'

    CompatiblePSEditions   = @('Core', 'Desktop')
    PowerShellVersion      = '5.1'
    # Windows PowerShell 5.1 only: netstandard2.0 assemblies need .NET Framework 4.7.2 or later.
    DotNetFrameworkVersion = '4.7.2'
    CLRVersion             = '4.0'

    FormatsToProcess       = @('Auriko.Format.ps1xml')

    CmdletsToExport        = @(
        'Connect-Auriko'
        'New-AurikoSession'
        'Disconnect-Auriko'
        'Get-AurikoConnection'
        'Invoke-AurikoChatCompletion'
        'Get-AurikoIdentity'
        'Get-AurikoWorkspace'
        'Get-AurikoBudget'
        'Get-AurikoModel'
        'Get-AurikoProvider'
        'New-AurikoTool'
        'Enter-AurikoChat'
    )
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()

    PrivateData            = @{
        PSData = @{
            Tags         = @(
                'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS',
                'AI', 'LLM', 'OpenAI', 'Auriko', 'Routing', 'ChatCompletion'
            )
            ProjectUri   = 'https://github.com/auriko-ai/auriko-powershell'
            LicenseUri   = 'https://opensource.org/license/mit'
            ReleaseNotes = @'
0.1.0
- First release: Connect-Auriko, Disconnect-Auriko, Get-AurikoConnection,
  Invoke-AurikoChatCompletion (streaming and non-streaming, routing options, tools,
  response formats, conversation history), Get-AurikoIdentity, Get-AurikoWorkspace,
  Get-AurikoBudget, Get-AurikoModel and Get-AurikoProvider.
- Typed answers with usage, routing metadata (provider, cost, latency) and response headers.
- Automatic retries for rate limits, timeouts and server errors (honouring Retry-After);
  never for budget or credit errors.
- Typed exceptions for every Auriko error class; the API key never appears in output,
  errors or logs.
- PowerShell commands as tools: New-AurikoTool describes a command's parameters as a JSON
  schema, and Invoke-AurikoChatCompletion -InvokeTools Auto|Confirm runs the calls the model
  makes and sends the results back until it answers.
- Enter-AurikoChat: an interactive chat at the console, streamed, with cost per answer.
'@
        }
    }
}
