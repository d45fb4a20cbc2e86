# Pester 5: Import-EventRecord -Property with the cmdlets the hosted-engine tests lack (Group-Object, Export-Csv).
# realdata/okta (beside the repository) holds three Okta events from client.ipAddress 175.16.199.1; the third has the
# outcome {reason: "Sign-on policy evaluation resulted in ALLOW", result: ALLOW}.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:Okta = Join-Path $RealData 'okta' 'okta-system-events-lines1-3.jsonl'
    $script:OktaFields = @{ UserField = 'actor.alternateId'; EventField = 'eventType'; TimestampField = 'published'; StatusField = 'no.such.field' }
}

Describe 'Import-EventRecord -Property' {
    It 'groups by a dotted path' {
        $groups = Import-EventRecord $Okta @OktaFields -Property client.ipAddress, outcome.reason | Group-Object 'client.ipAddress'
        @($groups).Count | Should -Be 1
        $groups.Name | Should -Be '175.16.199.1'
        $groups.Count | Should -Be 3
    }

    It 'survives Export-Csv and Import-Csv, one column per path' {
        $csv = Join-Path $TestDrive 'okta.csv'
        Import-EventRecord $Okta @OktaFields -Property client.ipAddress, outcome.reason | Export-Csv $csv
        $rows = Import-Csv $csv
        $rows.Count | Should -Be 3
        $rows[0].PSObject.Properties.Name | Should -Contain 'client.ipAddress'
        $rows.'client.ipAddress' | Sort-Object -Unique | Should -Be '175.16.199.1'
        $rows.'outcome.reason' | Should -Be @('', '', 'Sign-on policy evaluation resulted in ALLOW')
        $rows.Event | Should -Be @('user.session.end', 'user.session.start', 'policy.evaluate_sign_on')
    }
}
