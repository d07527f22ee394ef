# For the façade contract suite: parse PowerShell files with PowerShell's own parser and print, as JSON, each file's
# parse errors, the functions it defines (with their parameters and whether each is mandatory) and every command
# name it invokes. Input: one path per line on stdin; a path ending in .binding is parsed as a generated binding.
$ErrorActionPreference = 'Stop'
$out = @{}
foreach ($path in @([Console]::In.ReadToEnd() -split "`n" | Where-Object { $_.Trim() })) {
    $path = $path.Trim()
    $tokens = $null; $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($path, [ref]$tokens, [ref]$errors)
    $functions = @{}
    foreach ($f in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $true)) {
        $params = @()
        $block = $f.Body.ParamBlock
        $list = if ($null -ne $block) { $block.Parameters } else { $f.Parameters }
        foreach ($p in @($list)) {
            if ($null -eq $p) { continue }
            $mandatory = $false
            foreach ($a in $p.Attributes) {
                if ($a -is [System.Management.Automation.Language.AttributeAst] -and $a.TypeName.Name -eq 'Parameter') {
                    foreach ($na in $a.NamedArguments) { if ($na.ArgumentName -eq 'Mandatory') { $mandatory = $true } }
                }
            }
            $params += @{ name = $p.Name.VariablePath.UserPath; mandatory = $mandatory }
        }
        $functions[$f.Name] = @{ params = $params }
    }
    $commands = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true) | ForEach-Object { $_.GetCommandName() } | Where-Object { $_ } | Sort-Object -Unique)
    $out[$path] = @{ errors = @($errors | ForEach-Object { "$($_.Extent.StartLineNumber): $($_.Message)" }); functions = $functions; commands = $commands }
}
ConvertTo-Json -InputObject $out -Depth 8 -Compress
