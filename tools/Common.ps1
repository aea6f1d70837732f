# Shared by build.ps1, the Pester runner and tests: how to start a child PowerShell like the current one.
function Get-ChildPwsh {
    <# Returns the executable and leading arguments that start the same PowerShell as this process. #>
    $self = (Get-Process -Id $PID).Path
    $pwshDll = Join-Path $PSHOME 'pwsh.dll'
    if ((Split-Path -Leaf $self) -match '^dotnet(\.exe)?$' -and (Test-Path $pwshDll)) {
        # `dotnet pwsh` (the pinned .NET tool) runs pwsh.dll under the dotnet host.
        return , @($self, $pwshDll)
    }
    return , @($self)
}

function Invoke-ChildPwsh {
    <# Runs a script or command in a fresh, non-interactive child PowerShell; returns its output lines. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, ParameterSetName = 'File')][string] $File,
        [Parameter(ParameterSetName = 'File')][string[]] $ArgumentList = @(),
        [Parameter(Mandatory, ParameterSetName = 'Command')][string] $Command
    )
    $exe = Get-ChildPwsh
    $rest = @($exe | Select-Object -Skip 1)
    if ($PSCmdlet.ParameterSetName -eq 'File') {
        & $exe[0] @rest -NoProfile -NonInteractive -File $File @ArgumentList
    }
    else {
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Command))
        & $exe[0] @rest -NoProfile -NonInteractive -EncodedCommand $encoded
    }
}
