# Fails when an exported cmdlet, or any of its parameters, lacks help, or a cmdlet lacks examples.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $commands = @(Get-Command -Module TeleportMcp -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
}

Describe 'Help for <Name>' -ForEach $commands {
    BeforeAll {
        $help = Get-Help $Name -Full
        $command = Get-Command $Name
    }

    It 'comes from the MAML file' {
        $help.PSObject.TypeNames | Should -Contain 'MamlCommandHelpInfo'
    }

    It 'has a synopsis and a description that are not the syntax' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -BeLike "$Name *"
        ($help.description.Text -join ' ') | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples, each with code and remarks' {
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        foreach ($e in $help.examples.example) {
            $e.code | Should -Not -BeNullOrEmpty
            ($e.remarks.Text -join '') | Should -Not -BeNullOrEmpty
        }
    }

    It 'documents every parameter, and only real ones' {
        $documented = @($help.parameters.parameter | ForEach-Object name)
        $actual = @($command.Parameters.Keys | Where-Object { $_ -notin $common })
        foreach ($p in $actual) {
            $p | Should -BeIn $documented -Because "-$p needs help text"
            $d = $help.parameters.parameter | Where-Object name -eq $p
            ($d.description.Text -join '') | Should -Not -BeNullOrEmpty -Because "-$p needs a description"
        }
        # -WhatIf and -Confirm are documented (PlatyPS does) although they count as optional common parameters.
        foreach ($p in $documented) { $p | Should -BeIn @($command.Parameters.Keys) -Because "-$p is documented but the cmdlet has no such parameter" }
    }

    It 'agrees with the cmdlet on mandatory, position and pipeline input' {
        foreach ($d in $help.parameters.parameter) {
            $meta = $command.Parameters[$d.name]
            if (-not $meta) { continue }
            $attrs = $meta.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }
            $isMandatory = [bool]($attrs | Where-Object Mandatory)
            if ($attrs.Count -eq 1) { [bool]::Parse($d.required) | Should -Be $isMandatory -Because "-$($d.name) Required" }
            $byValue = [bool]($attrs | Where-Object ValueFromPipeline)
            $byName = [bool]($attrs | Where-Object ValueFromPipelineByPropertyName)
            if ($byValue) { $d.pipelineInput | Should -Match 'ByValue' -Because "-$($d.name) takes pipeline input by value" }
            if ($byName) { $d.pipelineInput | Should -Match 'ByPropertyName' -Because "-$($d.name) takes pipeline input by property name" }
            if (-not $byValue -and -not $byName) { $d.pipelineInput | Should -Be 'False' -Because "-$($d.name) takes no pipeline input" }
            $positions = @($attrs | Where-Object { $_.Position -ge 0 } | ForEach-Object Position)
            if ($positions.Count -gt 0) { $d.position | Should -Be ([string]$positions[0]) -Because "-$($d.name) position" }
        }
    }

    It 'says a parameter accepts wildcards exactly when the cmdlet declares [SupportsWildcards()]' {
        # PowerShell's own help and tools (Get-Help -Parameter, editors) read the attribute; the text must not promise more or less.
        foreach ($d in $help.parameters.parameter) {
            $meta = $command.Parameters[$d.name]
            if (-not $meta) { continue }
            $declared = [bool]($meta.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
            [bool]::Parse($d.globbing) | Should -Be $declared -Because "-$($d.name): help 'Accept wildcard characters' and [SupportsWildcards()]"
        }
    }

    It 'names every output type' {
        $outputs = @($help.returnValues.returnValue | ForEach-Object { $_.type.name })
        foreach ($t in $command.OutputType) { $t.Name | Should -BeIn $outputs }
    }

    It 'starts its related links with an absolute URI' {
        $first = @($help.relatedLinks.navigationLink)[0]
        if ($first) { [Uri]::IsWellFormedUriString($first.uri, 'Absolute') | Should -BeTrue }
    }
}

Describe 'about_TeleportMcp' {
    It 'is found by Get-Help' {
        (Get-Help about_TeleportMcp | Out-String) | Should -Match 'TeleportMcp'
    }
}
