# PowerShell 7: the cmdlet assembly goes into the module's private load context (TeleportMcp.Loader), which loads
# YamlDotNet from Dependencies/ on first use, ahead of any other module's copy.
# Windows PowerShell 5.1: the same folder loads normally; the cmdlet assembly resolves Dependencies/ itself (ModuleInit).
# The engine is imported too: its types (TeleportMcp.Role, ...) are the module's objects, so [TeleportMcp.Role] must resolve.
# An earlier import (Import-Module -Force) leaves its nested assembly modules behind; they would keep the cmdlets.
Get-Module -All | Where-Object Name -like "dynamic_code_module_TeleportMcp.*" | Remove-Module -Force
$cmdlets = [System.IO.Path]::Combine($PSScriptRoot, 'TeleportMcp.PowerShell.dll')
if ($PSEdition -eq 'Core') {
    Add-Type -Path ([System.IO.Path]::Combine($PSScriptRoot, 'Dependencies', 'TeleportMcp.Loader.dll'))
    $assembly = [TeleportMcp.Loader.ModuleLoadContext]::LoadModule($cmdlets)
    $engine = [TeleportMcp.Loader.ModuleLoadContext]::LoadDependency('TeleportMcp.Engine')
}
else {
    $engine = [System.Reflection.Assembly]::LoadFrom([System.IO.Path]::Combine($PSScriptRoot, 'Dependencies', 'TeleportMcp.Engine.dll'))
    $assembly = [System.Reflection.Assembly]::LoadFrom($cmdlets)
}
Import-Module -Assembly $engine -Force
Import-Module -Assembly $assembly -Force
