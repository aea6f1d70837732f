BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $manifestPath = Join-Path $ModuleDir 'TeleportMcp.psd1'
    $manifest = Import-PowerShellDataFile $manifestPath
}

Describe 'Module manifest and layout' {
    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest $manifestPath -ErrorAction Stop } | Should -Not -Throw
    }

    It 'declares both editions, 5.1 and .NET Framework 4.7.2' {
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.PowerShellVersion | Should -Be '5.1'
        $manifest.DotNetFrameworkVersion | Should -Be '4.7.2'
        $manifest.FunctionsToExport.Count | Should -Be 0
        $manifest.AliasesToExport.Count | Should -Be 0
        $manifest.VariablesToExport.Count | Should -Be 0
    }

    It 'exports exactly the cmdlets the DLL defines' {
        $module = Get-Module TeleportMcp
        $defined = [System.AppDomain]::CurrentDomain.GetAssemblies() |
            Where-Object { $_.GetName().Name -eq 'TeleportMcp.PowerShell' } |
            ForEach-Object { $_.GetExportedTypes() } |
            ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
            ForEach-Object { "$($_.VerbName)-$($_.NounName)" } | Sort-Object
        @($module.ExportedCmdlets.Keys | Sort-Object) | Should -Be @($manifest.CmdletsToExport | Sort-Object)
        @($defined) | Should -Be @($manifest.CmdletsToExport | Sort-Object)
    }

    It 'stamps the DLL with the manifest version' {
        $dll = Get-Item (Join-Path $ModuleDir 'TeleportMcp.PowerShell.dll')
        $dll.VersionInfo.FileVersion | Should -BeLike "$($manifest.ModuleVersion)*"
    }

    It 'lays out the engine and YamlDotNet under Dependencies, never beside the cmdlet DLL' {
        Test-Path (Join-Path $ModuleDir 'Dependencies/TeleportMcp.Engine.dll') | Should -BeTrue
        Test-Path (Join-Path $ModuleDir 'Dependencies/YamlDotNet.dll') | Should -BeTrue
        @(Get-ChildItem $ModuleDir -Filter *.dll).Name | Should -Be @('TeleportMcp.PowerShell.dll')
        @(Get-ChildItem $ModuleDir -Recurse -Filter *.deps.json).Count | Should -Be 0
    }

    It 'loads the engine into its own load context on PowerShell 7' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
        Import-TeleportResource (Join-Path $ExamplesDir 'cluster/roles.yaml') | Out-Null
        $engine = [System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'TeleportMcp.Engine' }
        @($engine).Count | Should -Be 1
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($engine).Name | Should -Be 'TeleportMcp'
    }
}
