# PowerShell 7: the cmdlet assembly goes into the module's private load context (TeleportMcp.Loader), which loads
# YamlDotNet from Dependencies/ on first use, ahead of any other module's copy.
# Windows PowerShell 5.1: the same folder loads normally; the cmdlet assembly resolves Dependencies/ itself (ModuleInit).
# The engine is imported too: its types (TeleportMcp.Role, ...) are the module's objects, so [TeleportMcp.Role] must resolve.
# Only core cmdlets and .NET calls here: Add-Type or Where-Object would load Microsoft.PowerShell.Utility or compile a
# pipeline on every import, which cost more than the rest of the import (bench/import.ps1).
# An earlier import in this process (Import-Module -Force) leaves its nested assembly modules behind; they would keep
# the cmdlets. The first import has none to remove and skips the search.
if ([System.AppDomain]::CurrentDomain.GetData('TeleportMcp.Imported')) {
    Get-Module -All -Name 'dynamic_code_module_TeleportMcp.*' | Remove-Module -Force
}
$cmdlets = [System.IO.Path]::Combine($PSScriptRoot, 'TeleportMcp.PowerShell.dll')
if ($PSEdition -eq 'Core') {
    $loader = [System.Reflection.Assembly]::LoadFrom([System.IO.Path]::Combine($PSScriptRoot, 'Dependencies', 'TeleportMcp.Loader.dll')).GetType('TeleportMcp.Loader.ModuleLoadContext', $true)
    $assembly = $loader::LoadModule($cmdlets)
    $engine = $loader::LoadDependency('TeleportMcp.Engine')
}
else {
    $engine = [System.Reflection.Assembly]::LoadFrom([System.IO.Path]::Combine($PSScriptRoot, 'Dependencies', 'TeleportMcp.Engine.dll'))
    $assembly = [System.Reflection.Assembly]::LoadFrom($cmdlets)
}
Import-Module -Assembly $engine -Force
Import-Module -Assembly $assembly -Force
[System.AppDomain]::CurrentDomain.SetData('TeleportMcp.Imported', $true)
