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

    It 'lays out the engine, YamlDotNet and the loader (both halves) under Dependencies, never beside the cmdlet DLL' {
        Test-Path (Join-Path $ModuleDir 'Dependencies/TeleportMcp.Engine.dll') | Should -BeTrue
        Test-Path (Join-Path $ModuleDir 'Dependencies/YamlDotNet.dll') | Should -BeTrue
        Test-Path (Join-Path $ModuleDir 'Dependencies/TeleportMcp.Loader.dll') | Should -BeTrue
        Test-Path (Join-Path $ModuleDir 'Dependencies/TeleportMcp.Loader.Core.dll') | Should -BeTrue
        @(Get-ChildItem $ModuleDir -Filter *.dll).Name | Should -Be @('TeleportMcp.PowerShell.dll')
        @(Get-ChildItem $ModuleDir -Recurse -Filter *.deps.json).Count | Should -Be 0
    }

    It 'ships the engine and YamlDotNet compiled ahead of time for PowerShell 7 per platform, beside the IL copies' {
        # The compiled copy must be the IL copy compiled (same module id, same references), never another build of it
        # (YamlDotNet's net10.0 build would need System.Runtime 10.0 and differ from what 5.1 and other platforms run).
        function Get-Identity([string] $Path) {
            $stream = [IO.File]::OpenRead($Path)
            try {
                $pe = [Reflection.PortableExecutable.PEReader]::new($stream)
                $md = [Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
                $refs = foreach ($h in $md.AssemblyReferences) { $r = $md.GetAssemblyReference($h); "$($md.GetString($r.Name)) $($r.Version)" }
                "$($md.GetGuid($md.GetModuleDefinition().Mvid)) | $(($refs | Sort-Object) -join ', ')"
            }
            finally { $stream.Dispose() }
        }
        foreach ($rid in 'win-x64', 'linux-x64', 'osx-arm64') {
            $dir = Join-Path $ModuleDir "Dependencies/$rid"
            @(Get-ChildItem $dir -Filter *.dll).Name | Sort-Object | Should -Be @('TeleportMcp.Engine.dll', 'YamlDotNet.dll') -Because $rid
            foreach ($f in Get-ChildItem $dir -Filter *.dll) {
                $stream = [IO.File]::OpenRead($f.FullName)
                try { $headers = [Reflection.PortableExecutable.PEReader]::new($stream).PEHeaders } finally { $stream.Dispose() }
                # A ReadyToRun image has a managed native header; the IL copy Windows PowerShell 5.1 loads has none.
                $headers.CorHeader.ManagedNativeHeaderDirectory.Size | Should -BeGreaterThan 0 -Because "$rid/$($f.Name)"
                $stream = [IO.File]::OpenRead((Join-Path $ModuleDir "Dependencies/$($f.Name)"))
                try { $il = [Reflection.PortableExecutable.PEReader]::new($stream).PEHeaders } finally { $stream.Dispose() }
                $il.CorHeader.ManagedNativeHeaderDirectory.Size | Should -Be 0 -Because "Dependencies/$($f.Name)"
                Get-Identity $f.FullName | Should -BeExactly (Get-Identity (Join-Path $ModuleDir "Dependencies/$($f.Name)")) -Because "$rid/$($f.Name) is the IL copy compiled"
            }
        }
    }

    It 'is a binary module whose loader runs first, as a nested module' {
        $manifest.RootModule | Should -Be 'TeleportMcp.PowerShell.dll'
        $manifest.NestedModules | Should -Be @('Dependencies/TeleportMcp.Loader.dll')
        $module = Get-Module TeleportMcp
        $module.ModuleType | Should -Be 'Binary'
        @($module.NestedModules.Name) | Should -Be @('TeleportMcp.Loader')
    }

    It 'loads the engine and YamlDotNet into its own load context on PowerShell 7, the cmdlets into the default one' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
        Import-TeleportResource (Join-Path $ExamplesDir 'cluster/roles.yaml') | Out-Null
        $contexts = @{}
        foreach ($name in 'TeleportMcp.PowerShell', 'TeleportMcp.Engine', 'YamlDotNet') {
            $asm = @([System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq $name -and $_.Location -like "$ModuleDir*" })
            $asm.Count | Should -Be 1 -Because $name
            $contexts[$name] = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($asm[0])
        }
        $contexts['TeleportMcp.Engine'].GetType().FullName | Should -Be 'TeleportMcp.Loader.ModuleLoadContext'
        $rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
        if ($rid -in 'win-x64', 'linux-x64', 'osx-arm64') {
            ([TeleportMcp.Role]).Assembly.Location | Should -Be (Join-Path $ModuleDir "Dependencies/$rid/TeleportMcp.Engine.dll")
        }
        $contexts['YamlDotNet'] | Should -Be $contexts['TeleportMcp.Engine']
        $contexts['TeleportMcp.PowerShell'] | Should -Be ([System.Runtime.Loader.AssemblyLoadContext]::Default)
        # The object types are the engine's, under their public names, and resolve as type literals.
        ([TeleportMcp.Role]).Assembly.GetName().Name | Should -Be 'TeleportMcp.Engine'
    }

    It 'resolves the public type names in scripts, and again after Remove-Module and a new import' {
        $script = "Import-Module '$(Join-Path $ModuleDir 'TeleportMcp.psd1')'; " +
            "[TeleportMcp.CheckStatus]::Pass; (Import-TeleportResource '$(Join-Path $ExamplesDir 'cluster/roles.yaml')')[0] -is [TeleportMcp.Role]; " +
            "[TeleportMcp.Engine.Common.Limits]::Default.GetType().Name; " +
            "Remove-Module TeleportMcp; [bool]('TeleportMcp.ToolAccess' -as [type]); " +
            "Import-Module '$(Join-Path $ModuleDir 'TeleportMcp.psd1')'; [bool]('TeleportMcp.ToolAccess' -as [type]); " +
            "Import-Module '$(Join-Path $ModuleDir 'TeleportMcp.psd1')' -Force; [TeleportMcp.Severity]::Warning; (Import-TeleportResource '$(Join-Path $ExamplesDir 'cluster/roles.yaml')').Count"
        $out = Invoke-ChildPwsh -Command $script
        $out | Should -Be @('Pass', 'True', 'Limits', 'False', 'True', 'Warning', '3')
    }

    It 'lets a script catch an input error by the engine exception''s name' {
        $bad = Join-Path $TestDrive 'broken.yaml'
        Set-Content -LiteralPath $bad -Value "kind: role`nmetadata: [name"
        $caught = try { Import-TeleportResource -LiteralPath $bad -ErrorAction Stop; 'not thrown' }
        catch [TeleportMcp.Engine.Common.TeleportInputException] { $_.Exception.Location.Path; $_.Exception.Code }
        catch { 'other: ' + $_.Exception.GetType().FullName }
        $caught[0] | Should -BeExactly $bad
        $caught[1] | Should -Not -BeNullOrEmpty
        ([TeleportMcp.Engine.Common.TeleportInputException]).Assembly.GetName().Name | Should -BeExactly 'TeleportMcp.Engine'
    }

    It 'makes the enums travel by name in every runspace that imports it, and takes that back on Remove-Module' {
        $script = Join-Path $TestDrive 'serialization.ps1'
        Set-Content -LiteralPath $script -Value @'
param($Manifest)
$roundTrip = { [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize([TeleportMcp.CheckStatus]::Pass)) }
Import-Module $Manifest
$c = & $roundTrip; $c -eq 'Pass'; $c.GetType().Name
(Get-TypeData TeleportMcp.App).SerializationDepth
# Other runspaces of the same process, importing at once: the type names are already there, each type table is its own.
1..3 | ForEach-Object -Parallel {
    Import-Module $using:Manifest
    ([Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize([TeleportMcp.CheckStatus]::Pass))) -eq 'Pass'
}
Remove-Module TeleportMcp; @(Get-TypeData 'TeleportMcp.*').Count
Import-Module $Manifest; Import-Module $Manifest -Force; @(Get-TypeData 'TeleportMcp.*').Count -gt 0; (& $roundTrip) -eq 'Pass'
'@
        $out = Invoke-ChildPwsh -File $script -ArgumentList (Join-Path $ModuleDir 'TeleportMcp.psd1')
        $out | Should -Be @('True', 'String', '3', 'True', 'True', 'True', '0', 'True', 'True')
    }

    It 'takes back only the type data nothing else added to, never fails Remove-Module, and does not grow the session''s type list on Import-Module -Force' {
        $script = Join-Path $TestDrive 'userdata.ps1'
        Set-Content -LiteralPath $script -Value @'
param($Manifest)
Import-Module $Manifest
Update-TypeData -TypeName TeleportMcp.App -MemberType NoteProperty -MemberName Owner -Value 'ops'
Remove-Module TeleportMcp -ErrorAction Stop; 'removed'
(Get-TypeData TeleportMcp.App).Members.Keys -join ','
@(Get-TypeData 'TeleportMcp.*').TypeName -join ','
Import-Module $Manifest
Remove-TypeData TeleportMcp.App; Remove-TypeData TeleportMcp.CheckStatus
Remove-Module TeleportMcp -ErrorAction Stop; 'removed again'
@(Get-TypeData 'TeleportMcp.*').Count
Import-Module $Manifest; Import-Module $Manifest -Force -ErrorAction Stop; $entries = $host.Runspace.InitialSessionState.Types.Count
Import-Module $Manifest -Force -ErrorAction Stop; Import-Module $Manifest -Force -ErrorAction Stop
$host.Runspace.InitialSessionState.Types.Count - $entries
(Get-TypeData TeleportMcp.App).SerializationDepth; [TeleportMcp.CheckStatus]::Pass
'@
        $out = Invoke-ChildPwsh -File $script -ArgumentList (Join-Path $ModuleDir 'TeleportMcp.psd1')
        $out | Should -Be @('removed', 'Owner', 'TeleportMcp.App', 'removed again', '0', '0', '3', 'Pass')
    }

    It 'imports without its type data, and without a warning, where the host shares one type table between runspaces' {
        # Update-TypeData stops with CannotUpdateSharedTypeTable there; the import must neither fail nor leave its count behind.
        $script = Join-Path $TestDrive 'shared.ps1'
        Set-Content -LiteralPath $script -Value @'
param($Manifest)
$shared = [Management.Automation.Runspaces.TypeTable]::new([string[]]@())
$iss = [Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
$iss.Types.Clear(); $iss.Types.Add([Management.Automation.Runspaces.SessionStateTypeEntry]::new($shared))
$ps = [PowerShell]::Create($iss)
$null = $ps.AddScript("Import-Module '$Manifest' -ErrorAction Stop; [bool](Get-Module TeleportMcp); [TeleportMcp.CheckStatus]::Pass.ToString(); @(Get-TypeData 'TeleportMcp.*').Count; Remove-Module TeleportMcp -ErrorAction Stop; 'removed'")
$ps.Invoke()
$ps.Streams.Error.Count; $ps.Streams.Warning.Count
[bool]('TeleportMcp.Role' -as [type])
'@
        $out = Invoke-ChildPwsh -File $script -ArgumentList (Join-Path $ModuleDir 'TeleportMcp.psd1')
        $out | Should -Be @('True', 'Pass', '0', 'removed', '0', '0', 'False')
    }

    Context 'views' {
        BeforeAll {
            # Views.ps1 prints each view for sample objects under a '== <phase> <type> table|list' line.
            function Split-Section([string[]] $Lines) {
                $sections = [ordered]@{}; $title = $null
                foreach ($l in $Lines) {
                    if ($l.StartsWith('== ', [System.StringComparison]::Ordinal)) { $title = $l.Substring(3); $sections[$title] = [Collections.Generic.List[string]]::new() }
                    else { $sections[$title].Add($l) }
                }
                $result = [ordered]@{}; foreach ($k in $sections.Keys) { $result[$k] = $sections[$k] -join "`n" }
                $result
            }
            $viewScript = Join-Path $PSScriptRoot 'Views.ps1'
            # What the module printed when its views came from TeleportMcp.format.ps1xml (commit bbc741a), for the same samples.
            $expected = Split-Section (Get-Content -LiteralPath (Join-Path $PSScriptRoot 'Views.expected.txt'))
            $shown = Split-Section (Invoke-ChildPwsh -File $viewScript -ArgumentList $manifestPath, '-Phases')
        }

        It 'prints every view as the format file did, for live and Deserialized.* objects' {
            $expected.Count | Should -BeGreaterThan 40
            foreach ($title in $expected.Keys) {
                $title | Should -BeLike 'imported *'
                $shown[$title] | Should -BeExactly $expected[$title] -Because $title
            }
            @($shown.Keys | Where-Object { $_ -like 'imported *' -and $_ -notlike 'imported again *' }).Count | Should -Be $expected.Count
        }

        It 'takes the views back on Remove-Module and prints them again after a new import' {
            foreach ($title in $expected.Keys) {
                $type = $title.Substring('imported '.Length)
                # Without the module, PowerShell's default formatting: never what the view prints.
                $shown["before import $type"] | Should -Not -BeExactly $expected[$title] -Because $type
                $shown["after Remove-Module $type"] | Should -BeExactly $shown["before import $type"] -Because $type
                $shown["imported again $type"] | Should -BeExactly $expected[$title] -Because $type
            }
        }

        It 'prints deserialized objects (Export-Clixml, remoting, jobs) as it prints the live ones' {
            $cluster = Join-Path $ExamplesDir 'cluster'
            $resources = @(Import-TeleportResource $cluster, (Join-Path $ExamplesDir 'teleport.yaml'))
            $access = @($resources | Test-TeleportMcpRole -User alice -App everything)
            foreach ($set in @($resources | Where-Object { $_ -is [TeleportMcp.Role] }), @($resources | Where-Object { $_ -is [TeleportMcp.User] }), $access) {
                $set.Count | Should -BeGreaterThan 0
                $copy = [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($set))
                $copy[0].PSObject.TypeNames[0] | Should -BeLike 'Deserialized.TeleportMcp.*'
                $live = $set | Format-Table | Out-String -Width 160
                ($copy | Format-Table | Out-String -Width 160) | Should -BeExactly $live
                $live | Should -Not -Match 'PSComputerName|RunspaceId'
            }
        }

        It 'keeps the session''s format list from growing on Import-Module -Force and leaves it as it was on Remove-Module' {
            $script = Join-Path $TestDrive 'formats.ps1'
            Set-Content -LiteralPath $script -Value @'
param($Manifest)
$formats = $host.Runspace.InitialSessionState.Formats
$before = $formats.Count
Import-Module $Manifest; $imported = $formats.Count; $imported -gt $before
Import-Module $Manifest -Force; Import-Module $Manifest -Force; $formats.Count - $imported
@(Get-FormatData -TypeName 'TeleportMcp.*').Count -gt 0
# Another format update rebuilds the database from the session's list: the views stay.
Update-FormatData; (Get-FormatData -TypeName TeleportMcp.Role).FormatViewDefinition[0].Name
Remove-Module TeleportMcp; $formats.Count - $before; @(Get-FormatData -TypeName 'TeleportMcp.*', 'Deserialized.TeleportMcp.*').Count
'@
            $out = Invoke-ChildPwsh -File $script -ArgumentList $manifestPath
            $out | Should -Be @('True', '0', 'True', 'TeleportMcp.Role', '0', '0')
        }

        It 'gives its views to each runspace of a RunspacePool that imports it (the runspaces share one session state)' {
            $script = Join-Path $TestDrive 'pool.ps1'
            Set-Content -LiteralPath $script -Value @'
param($Manifest)
$pool = [runspacefactory]::CreateRunspacePool(2, 2); $pool.Open()
# Both runspaces opened (and their format databases built) before the module is imported anywhere.
$barrier = [Threading.Barrier]::new(2)
$warm = foreach ($i in 1, 2) { $p = [powershell]::Create(); $p.RunspacePool = $pool; $null = $p.AddScript('param($b) $null = $b.SignalAndWait(120000)').AddArgument($barrier); [pscustomobject]@{ P = $p; H = $p.BeginInvoke() } }
foreach ($w in $warm) { $null = $w.P.EndInvoke($w.H); $w.P.Dispose() }
$imported = [Threading.ManualResetEventSlim]::new(); $release = [Threading.ManualResetEventSlim]::new()
$a = [powershell]::Create(); $a.RunspacePool = $pool
$null = $a.AddScript('param($m, $imported, $release) Import-Module $m; $imported.Set(); $null = $release.Wait(120000); [runspace]::DefaultRunspace.InstanceId').AddArgument($Manifest).AddArgument($imported).AddArgument($release)
$running = $a.BeginInvoke()
$null = $imported.Wait(120000)
# The first runspace is held busy, so this one runs in the other.
$b = [powershell]::Create(); $b.RunspacePool = $pool
$null = $b.AddScript('param($m) Import-Module $m; [runspace]::DefaultRunspace.InstanceId; @(Get-FormatData -TypeName TeleportMcp.Role, Deserialized.TeleportMcp.ToolAccess).Count').AddArgument($Manifest)
$second = $b.Invoke()
$release.Set()
$first = $a.EndInvoke($running)
$first[0] -ne $second[0]
$second[1]
$pool.Dispose()
'@
            $out = Invoke-ChildPwsh -File $script -ArgumentList $manifestPath
            $out | Should -Be @('True', '2')
        }

        It 'imports without its views, and without an error, where the host shares one format table between runspaces or disables format updates' {
            $script = Join-Path $TestDrive 'sharedformats.ps1'
            Set-Content -LiteralPath $script -Value @'
param($Manifest)
$shared = [Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
$shared.Formats.Clear(); $shared.Formats.Add([Management.Automation.Runspaces.SessionStateFormatEntry]::new([Management.Automation.Runspaces.FormatTable]::new([string[]]@())))
$disabled = [Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
$disabled.DisableFormatUpdates = $true
foreach ($iss in $shared, $disabled) {
    $ps = [PowerShell]::Create($iss)
    $null = $ps.AddScript("Import-Module '$Manifest' -ErrorAction Stop; [bool](Get-Module TeleportMcp); @(Get-FormatData -TypeName 'TeleportMcp.*').Count; Remove-Module TeleportMcp -ErrorAction Stop; 'removed'")
    $ps.Invoke()
    $ps.Streams.Error.Count
    $ps.Dispose()
}
'@
            $out = Invoke-ChildPwsh -File $script -ArgumentList $manifestPath
            $out | Should -Be @('True', '0', 'removed', '0', 'True', '0', 'removed', '0')
        }
    }

    It 'loads YamlDotNet on first use, not at import' {
        $script = "Import-Module '$(Join-Path $ModuleDir 'TeleportMcp.psd1')'; " +
            "@([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'YamlDotNet' }).Count; " +
            "Import-TeleportResource '$(Join-Path $ExamplesDir 'cluster/roles.yaml')' | Out-Null; " +
            "@([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'YamlDotNet' }).Count"
        $out = Invoke-ChildPwsh -Command $script
        $out | Should -Be @('0', '1')
    }
}

Describe 'Status, Decision, Scope, Severity, Stage and Transport are enums that still compare with their names' {
    BeforeAll {
        $all = Import-TeleportResource (Join-Path $ExamplesDir 'cluster'), (Join-Path $ExamplesDir 'teleport.yaml')
    }

    It 'Decision' {
        $d = $all | Test-TeleportMcpRole -User bob -App everything -Tool search_files, printEnv
        $d[0].Decision | Should -BeOfType ([TeleportMcp.AccessDecision])
        @($d | Where-Object Decision -eq 'Allowed').Tool | Should -Be 'search_files'
        @($d | Where-Object Decision -ne 'Allowed').Tool | Should -Be 'printEnv'
        @($d | Where-Object { $_.Decision -eq 'denied' }).Tool | Should -Be 'printEnv'
    }

    It 'Scope' {
        $s = $all | Test-TeleportMcpRole -User alice -App everything
        $s.Scope | Should -BeOfType ([TeleportMcp.ToolScope])
        $s.Scope -eq 'None' | Should -BeTrue
        $s.Scope -ne 'All' | Should -BeTrue
    }

    It 'Status' {
        $checks = $all | Test-TeleportMcpApp
        $checks[0].Status | Should -BeOfType ([TeleportMcp.CheckStatus])
        @($checks | Where-Object Status -eq 'Pass').Count | Should -BeGreaterThan 0
        @($checks | Where-Object Status -ne 'Fail').Count + @($checks | Where-Object Status -eq 'Fail').Count | Should -Be $checks.Count
    }

    It 'Severity' {
        $lint = $all | Test-TeleportMcpRole -Lint
        $lint[0].Severity | Should -BeOfType ([TeleportMcp.Severity])
        @($lint | Where-Object Severity -eq 'Warning').Count | Should -BeGreaterThan 0
    }

    It 'Stage and Transport' {
        $demo = $all | Where-Object Name -eq 'teleport-mcp-demo' | Select-Object -First 1
        $demo.Transport | Should -BeOfType ([TeleportMcp.McpTransport])
        $demo.Transport -eq 'stdio' | Should -BeTrue
        ($all | Where-Object Name -eq 'wiki' | Select-Object -First 1).Transport -eq 'None' | Should -BeTrue
        $p = $demo | Test-TeleportMcpApp -Launch -WarningAction SilentlyContinue
        $p.Stage | Should -BeOfType ([TeleportMcp.ProbeStage])
        $p.Stage -eq 'Spawn' | Should -BeTrue
        $p.Status -eq 'Skipped' | Should -BeTrue
    }

    It 'Origin and the client file Scope' {
        $demo = $all | Where-Object Name -eq 'teleport-mcp-demo' | Select-Object -First 1
        $demo.Origin | Should -BeOfType ([TeleportMcp.AppOrigin])
        @($all | Where-Object { $_ -is [TeleportMcp.App] -and $_.Origin -eq 'TeleportYaml' }).Count | Should -BeGreaterThan 0
        $c = @(Test-TeleportMcpClient -Path (Join-Path $ExamplesDir 'clients/.vscode/mcp.json') -SkipSession -ErrorAction SilentlyContinue)
        $c[0].Scope | Should -BeOfType ([TeleportMcp.ConfigScope])
        $c[0].Scope -eq 'project' | Should -BeTrue
    }

    It 'Origin and Scope also compare with, and convert from, the spellings they had as text' {
        $apps = @($all | Where-Object { $_ -is [TeleportMcp.App] })
        $yaml = @($apps | Where-Object Origin -eq 'TeleportYaml')
        $yaml.Count | Should -BeGreaterThan 0
        @($apps | Where-Object Origin -eq 'teleport.yaml').Name | Should -Be $yaml.Name
        @($apps | Where-Object { $_.Origin -eq 'TELEPORT.YAML' }).Count | Should -Be $yaml.Count
        @($apps | Where-Object Origin -ne 'teleport.yaml').Count | Should -Be ($apps.Count - $yaml.Count)
        $servers = @($apps | Where-Object Origin -eq 'AppServer')
        $servers.Count | Should -BeGreaterThan 0
        @($apps | Where-Object Origin -eq 'app_server').Count | Should -Be $servers.Count
        [TeleportMcp.AppOrigin]'app_server' | Should -Be ([TeleportMcp.AppOrigin]::AppServer)
        [TeleportMcp.AppOrigin]'mcp_demo_server' | Should -Be ([TeleportMcp.AppOrigin]::McpDemoServer)
        [TeleportMcp.ConfigScope]'packaged' | Should -Be ([TeleportMcp.ConfigScope]::Packaged)
        'teleport.yaml' -in $yaml[0].Origin | Should -BeTrue
        # Text that names no value compares unequal, as any other text did, and does not convert.
        $yaml[0].Origin -eq 'nonsense' | Should -BeFalse
        { [TeleportMcp.AppOrigin]'nonsense' } | Should -Throw
        # The numbers and names PowerShell converts itself are unchanged.
        [TeleportMcp.AppOrigin]2 | Should -Be ([TeleportMcp.AppOrigin]::TeleportYaml)
        [TeleportMcp.AppOrigin]'TeleportYaml' | Should -Be ([TeleportMcp.AppOrigin]::TeleportYaml)
    }

    It 'converts the earlier spellings again after Remove-Module and a new import, and takes its converter back' {
        $script = Join-Path $TestDrive 'spellings.ps1'
        Set-Content -LiteralPath $script -Value @'
param($Manifest, $Yaml)
Import-Module $Manifest
$app = Import-TeleportResource $Yaml | Select-Object -First 1
$app.Origin -eq 'teleport.yaml'
Remove-Module TeleportMcp
@(Get-TypeData 'TeleportMcp.AppOrigin', 'TeleportMcp.ConfigScope').Count
$app.Origin -eq 'teleport.yaml'
Import-Module $Manifest
$app.Origin -eq 'teleport.yaml'; [TeleportMcp.AppOrigin]'app_server'
Import-Module $Manifest -Force
$app.Origin -eq 'teleport.yaml'; [TeleportMcp.ConfigScope]'legacy'
(Get-TypeData TeleportMcp.AppOrigin).TypeConverter.Name
'@
        $out = Invoke-ChildPwsh -File $script -ArgumentList (Join-Path $ModuleDir 'TeleportMcp.psd1'), (Join-Path $ExamplesDir 'teleport.yaml')
        $out | Should -Be @('True', '0', 'False', 'True', 'AppServer', 'True', 'Legacy', 'EnumSpellingConverter')
    }

    It 'ConvertTo-Json -EnumsAsStrings writes the names; without it PowerShell writes numbers' {
        $checks = @($all | Where-Object Name -eq 'everything' | Select-Object -First 1 | Test-TeleportMcpApp)
        $checks.Count | Should -BeGreaterThan 0
        $json = $checks | ConvertTo-Json -EnumsAsStrings -Compress
        foreach ($c in $checks) { $json | Should -Match ([regex]::Escape('"Status":"' + $c.Status + '"')) }
        $json | Should -Not -Match '"Status":\d'
        ($checks | ConvertTo-Json -Compress) | Should -Match '"Status":\d'
        $lint = @($all | Test-TeleportMcpRole -Lint)
        ($lint | ConvertTo-Json -EnumsAsStrings -Compress) | Should -Match '"Severity":"Warning"'
        $d = Invoke-TeleportMcpDiagnosis -ClusterPath (Join-Path $ExamplesDir 'cluster') -LogPath (Join-Path $ExamplesDir 'logs') -User alice -App everything -SkipClient
        @($d | Where-Object Status -eq 'Fail').Count | Should -BeGreaterThan 0
        ($d | ConvertTo-Json -EnumsAsStrings -Depth 4 -Compress) | Should -Match '"Status":"Fail"'
    }

    It 'the Windows PowerShell 5.1 recipe of about_TeleportMcp writes the names of top-level enums' {
        filter ConvertTo-EnumText {
            $o = $_ | Select-Object -Property *
            foreach ($p in $o.PSObject.Properties) {
                if ($p.Value -is [enum]) { $p.Value = $p.Value.ToString() }
            }
            $o
        }
        $d = Invoke-TeleportMcpDiagnosis -ClusterPath (Join-Path $ExamplesDir 'cluster') -LogPath (Join-Path $ExamplesDir 'logs') -User alice -App everything -SkipClient
        $json = $d | ConvertTo-EnumText | ConvertTo-Json -Compress
        $json | Should -Match '"Status":"Fail"'
        $json | Should -Not -Match '"Status":\d'
        # The recipe is the text of about_TeleportMcp, word for word.
        $about = Get-Content -Raw (Join-Path $RepoRoot 'en-US/about_TeleportMcp.help.txt')
        $about | Should -Match ([regex]::Escape('if ($p.Value -is [enum]) { $p.Value = $p.Value.ToString() }'))
    }

    It 'binds an App again from ConvertFrom-Json, its enums as numbers or as names' {
        $app = $all | Where-Object Name -eq 'everything' | Select-Object -First 1
        $expected = @($app | Test-TeleportMcpApp).Count
        foreach ($json in ($app | ConvertTo-Json -Depth 5), ($app | ConvertTo-Json -Depth 5 -EnumsAsStrings)) {
            $back = $json | ConvertFrom-Json
            $checks = @($back | Test-TeleportMcpApp -ErrorVariable bad -ErrorAction SilentlyContinue)
            $bad | Should -BeNullOrEmpty
            $checks.Count | Should -Be $expected
            $checks[0].App | Should -Be 'everything'
        }
    }

    It 'keeps comparing by name after Export-Clixml / Import-Clixml' {
        $d = $all | Test-TeleportMcpRole -User bob -App everything -Tool printEnv
        $path = Join-Path $TestDrive 'decision.xml'
        $d | Export-Clixml -LiteralPath $path
        $back = Import-Clixml -LiteralPath $path
        $back.Decision -eq 'Denied' | Should -BeTrue
        $back.Decision -ne 'Allowed' | Should -BeTrue
    }
}
