@{
    # The cmdlet assembly is the root module. NestedModules are imported first: TeleportMcp.Loader makes the engine
    # (Dependencies/, on PowerShell 7 in a private load context) resolvable before PowerShell reads the cmdlet types.
    RootModule             = 'TeleportMcp.PowerShell.dll'
    NestedModules          = @('Dependencies/TeleportMcp.Loader.dll')
    ModuleVersion          = '0.1.0'
    GUID                   = '5b0f7f62-3d6e-4f0b-9b8e-2f1c6a9d4e71'
    Author                 = 'TeleportMcp contributors'
    CompanyName            = 'TeleportMcp'
    Copyright              = '(c) 2026 TeleportMcp contributors. MIT License.'
    Description            = 'Tells a Teleport administrator why MCP access fails, and fixes what can be fixed: reproduces Teleport''s MCP tool decisions from roles, users and apps, checks and probes MCP server definitions, recognises known failures in logs, and changes mcp_tools grants through tctl.'
    CompatiblePSEditions   = @('Desktop', 'Core')
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    CmdletsToExport        = @(
        'Find-TeleportMcpError'
        'Get-TeleportMcpAuditEvent'
        'Get-TeleportMcpServing'
        'Get-TeleportMcpTools'
        'Get-TeleportResource'
        'Import-TeleportResource'
        'Invoke-TeleportMcpDiagnosis'
        'New-TeleportMcpRole'
        'Set-TeleportMcpTools'
        'Test-TeleportMcpApp'
        'Test-TeleportMcpClient'
        'Test-TeleportMcpRole'
    )
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('Teleport', 'MCP', 'ModelContextProtocol', 'RBAC', 'Diagnostics', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://github.com/teleportmcp/TeleportMcp'
            ReleaseNotes = 'First release. Close every shell that uses TeleportMcp before updating: a loaded binary module cannot be unloaded.'
        }
    }
}
