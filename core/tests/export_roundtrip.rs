//! Export and import: every valid fixture in every format, the formats' exact text for the seed
//! examples, refusals with reasons, the import forms (command lines, skeletons, responses), and
//! property tests with hostile values: export then import gives the request back unchanged.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::fs;
use std::path::Path;

use muster_core::export::{
    bash_quote, export_request, import_all, import_request, powershell_quote, split_words,
    ExportError, ExportOptions, Format, ImportError, ImportFormat,
};
use muster_core::Operation;
use proptest::prelude::*;
use serde_json::{json, Value};

const OPERATIONS: [(&str, Operation); 7] = [
    ("register-instance", Operation::RegisterInstance),
    ("create-service", Operation::CreateService),
    (
        "register-container-instance",
        Operation::RegisterContainerInstance,
    ),
    (
        "deregister-container-instance",
        Operation::DeregisterContainerInstance,
    ),
    (
        "update-container-instances-state",
        Operation::UpdateContainerInstancesState,
    ),
    ("ecs-create-service", Operation::EcsCreateService),
    ("ecs-update-service", Operation::UpdateService),
];

/// Every `valid-*` fixture request of the exported operations.
fn valid_requests() -> Vec<(String, Operation, Value)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut out = Vec::new();
    for (dir, operation) in OPERATIONS {
        let mut paths: Vec<_> = fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("valid-")
            })
            .collect();
        paths.sort();
        for path in paths {
            let body: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
            out.push((
                path.file_stem().unwrap().to_string_lossy().into_owned(),
                operation,
                body["request"].clone(),
            ));
        }
    }
    assert!(out.len() > 20, "{}", out.len());
    out
}

fn options() -> ExportOptions {
    ExportOptions::default()
}

fn roundtrip(operation: Operation, request: &Value, format: Format) -> Value {
    let export = export_request(operation, request, format, &options())
        .unwrap_or_else(|e| panic!("{format}: {e}"));
    let import_format = match format {
        Format::Json => ImportFormat::Json,
        Format::CliInputJson => ImportFormat::CliInputJson,
        Format::CliInputYaml => ImportFormat::CliInputYaml,
        Format::Cli => ImportFormat::Cli,
        Format::PowerShell => ImportFormat::PowerShell,
        Format::Http => ImportFormat::Http,
        Format::Curl => ImportFormat::Curl,
        other => panic!("{other} is not importable"),
    };
    for hint in [Some(import_format), None] {
        let imported = import_request(&export.text, hint, Some(operation))
            .unwrap_or_else(|e| panic!("{format} import: {e}\n{}", export.text));
        assert_eq!(imported.operation, operation, "{format}");
        // A --cli-input-json file is JSON, and so is the YAML of an empty request (`{}`).
        let detected_json = hint.is_none()
            && (import_format == ImportFormat::CliInputJson
                || export.text.trim_start().starts_with('{'));
        let expected = if detected_json {
            ImportFormat::Json
        } else {
            import_format
        };
        assert_eq!(imported.format, expected, "{format}\n{}", export.text);
        assert_eq!(&imported.request, request, "{format}\n{}", export.text);
    }
    // Detected without the operation, too (an empty RegisterContainerInstance cannot be told
    // from the other ECS calls by its members alone).
    if request == &json!({}) && format != Format::Cli {
        return request.clone();
    }
    import_request(&export.text, None, None)
        .unwrap_or_else(|e| panic!("{format} detected import: {e}\n{}", export.text))
        .request
}

const IMPORTABLE: [Format; 7] = [
    Format::Json,
    Format::CliInputJson,
    Format::CliInputYaml,
    Format::Cli,
    Format::PowerShell,
    Format::Http,
    Format::Curl,
];

#[test]
fn every_valid_fixture_in_every_format() {
    for (name, operation, request) in valid_requests() {
        for &format in Format::ALL {
            let result = export_request(operation, &request, format, &options());
            if let (
                Format::Terraform,
                Operation::CreateService,
                Err(ExportError::Unsupported { reason, .. }),
            ) = (format, operation, &result)
            {
                // Terraform's dns_config requires a namespace the API lets a request leave out.
                assert!(reason.contains("namespace_id"), "{name}: {reason}");
                assert!(request.get("NamespaceId").is_none(), "{name}");
            } else if let (
                Format::CloudFormationYaml | Format::CloudFormationJson | Format::Terraform,
                Operation::EcsCreateService,
                Err(ExportError::Unsupported { reason, .. }),
            ) = (format, operation, &result)
            {
                // Nested service settings the stack formats are not mapped for are refused by
                // name, never guessed.
                assert!(
                    reason.contains("mapping in muster")
                        || reason.contains("has no Terraform argument"),
                    "{name} {format}: {reason}"
                );
            } else if format.supports(operation) {
                let export = result.unwrap_or_else(|e| panic!("{name} {format}: {e}"));
                assert!(!export.text.is_empty());
                assert!(!export.filename.is_empty());
            } else {
                assert!(
                    matches!(result, Err(ExportError::Unsupported { .. })),
                    "{name} {format}: {result:?}"
                );
            }
        }
        for format in IMPORTABLE {
            assert_eq!(
                roundtrip(operation, &request, format),
                request,
                "{name} {format}"
            );
        }
    }
}

fn seed() -> Value {
    json!({
        "ServiceId": "srv-p5zdwlg5uvvzjita",
        "InstanceId": "myservice-53",
        "CreatorRequestId": "7a48a98a-72e6-4849-bfa7-1a458e030d7b",
        "Attributes": {"AWS_INSTANCE_IPV4": "172.2.1.3", "AWS_INSTANCE_PORT": "808"}
    })
}

fn text(operation: Operation, request: &Value, format: Format) -> String {
    export_request(operation, request, format, &options())
        .unwrap()
        .text
}

#[test]
fn the_seed_example_in_each_format() {
    let request = seed();
    let ri = Operation::RegisterInstance;
    assert_eq!(
        text(ri, &request, Format::Cli),
        "aws servicediscovery register-instance \\\n  --service-id srv-p5zdwlg5uvvzjita \\\n  --instance-id myservice-53 \\\n  --creator-request-id 7a48a98a-72e6-4849-bfa7-1a458e030d7b \\\n  --attributes AWS_INSTANCE_IPV4=172.2.1.3,AWS_INSTANCE_PORT=808 \\\n  --region us-east-1\n"
    );
    let http = text(ri, &request, Format::Http);
    assert!(http.starts_with("POST / HTTP/1.1\r\nHost: servicediscovery.us-east-1.amazonaws.com\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: Route53AutoNaming_v20170314.RegisterInstance\r\nContent-Length: 195\r\n\r\n{\"ServiceId\""), "{http}");
    let curl = text(ri, &request, Format::Curl);
    assert!(
        curl.contains("--aws-sigv4 aws:amz:us-east-1:servicediscovery"),
        "{curl}"
    );
    assert!(curl.contains("--user \"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\""));
    let boto3 = text(ri, &request, Format::Boto3);
    assert!(
        boto3.contains("client = boto3.client(\"servicediscovery\", region_name=\"us-east-1\")"),
        "{boto3}"
    );
    assert!(
        boto3.contains(
            "response = client.register_instance(\n    ServiceId=\"srv-p5zdwlg5uvvzjita\",\n"
        ),
        "{boto3}"
    );
    let js = text(ri, &request, Format::JsSdkV3);
    assert!(js.starts_with("import { ServiceDiscoveryClient, RegisterInstanceCommand } from \"@aws-sdk/client-servicediscovery\";"), "{js}");
    assert!(js.contains("await client.send(new RegisterInstanceCommand(input));"));
    let yaml = text(ri, &request, Format::CloudFormationYaml);
    assert!(yaml.contains("Resources:\n  Instance:\n    Type: \"AWS::ServiceDiscovery::Instance\"\n    Properties:\n      ServiceId: \"srv-p5zdwlg5uvvzjita\"\n      InstanceId: \"myservice-53\"\n      InstanceAttributes:\n        \"AWS_INSTANCE_IPV4\": \"172.2.1.3\""), "{yaml}");
    let export = export_request(ri, &request, Format::CloudFormationJson, &options()).unwrap();
    assert!(export
        .notes
        .iter()
        .any(|n| n.starts_with("CreatorRequestId is left out")));
    assert_eq!(
        text(ri, &request, Format::Terraform),
        "resource \"aws_service_discovery_instance\" \"myservice-53\" {\n  service_id  = \"srv-p5zdwlg5uvvzjita\"\n  instance_id = \"myservice-53\"\n  attributes  = {\n    \"AWS_INSTANCE_IPV4\" = \"172.2.1.3\"\n    \"AWS_INSTANCE_PORT\" = \"808\"\n  }\n}\n"
    );
    assert_eq!(
        text(ri, &request, Format::CliInputYaml),
        "ServiceId: \"srv-p5zdwlg5uvvzjita\"\nInstanceId: \"myservice-53\"\nCreatorRequestId: \"7a48a98a-72e6-4849-bfa7-1a458e030d7b\"\nAttributes:\n  \"AWS_INSTANCE_IPV4\": \"172.2.1.3\"\n  \"AWS_INSTANCE_PORT\": \"808\"\n"
    );
    assert_eq!(
        text(ri, &request, Format::PowerShell),
        "aws servicediscovery register-instance `\n  --service-id 'srv-p5zdwlg5uvvzjita' `\n  --instance-id 'myservice-53' `\n  --creator-request-id '7a48a98a-72e6-4849-bfa7-1a458e030d7b' `\n  --attributes 'AWS_INSTANCE_IPV4=172.2.1.3,AWS_INSTANCE_PORT=808' `\n  --region 'us-east-1'\n"
    );
}

#[test]
fn ecs_commands_use_shorthand_lists_and_flags() {
    let deregister = json!({"cluster": "prod", "containerInstance": "-odd", "force": false});
    assert_eq!(
        text(Operation::DeregisterContainerInstance, &deregister, Format::Cli),
        "aws ecs deregister-container-instance \\\n  --cluster prod \\\n  --container-instance=-odd \\\n  --no-force \\\n  --region us-east-1\n"
    );
    let update = json!({"containerInstances": ["a1", "b2"], "status": "DRAINING"});
    assert_eq!(
        text(Operation::UpdateContainerInstancesState, &update, Format::Cli),
        "aws ecs update-container-instances-state \\\n  --container-instances a1 b2 \\\n  --status DRAINING \\\n  --region us-east-1\n"
    );
    let register = json!({
        "totalResources": [
            {"name": "CPU", "type": "INTEGER", "integerValue": 2048},
            {"name": "PORTS", "type": "STRINGSET", "stringSetValue": ["22", "2375"]},
            {"name": "PORTS_UDP", "type": "STRINGSET", "stringSetValue": []}
        ],
        "attributes": [{"name": "ecs.capability.external"}, {"name": "x", "value": "a b"}]
    });
    let cli = text(Operation::RegisterContainerInstance, &register, Format::Cli);
    assert!(cli.contains("--total-resources name=CPU,type=INTEGER,integerValue=2048 'name=PORTS,type=STRINGSET,stringSetValue=[22,2375]' 'name=PORTS_UDP,type=STRINGSET,stringSetValue=[]'"), "{cli}");
    // One attribute value has a space, so the whole list goes as JSON.
    assert!(cli.contains("--attributes '[{\"name\":\"ecs.capability.external\"},{\"name\":\"x\",\"value\":\"a b\"}]'"), "{cli}");
}

#[test]
fn values_the_cli_would_reinterpret_go_through_cli_input_json() {
    let request = json!({
        "ServiceId": "srv-p5zdwlg5uvvzjita",
        "InstanceId": "file://etc/passwd",
        "CreatorRequestId": "nul\u{0}inside",
        "Attributes": {"url": "https://example.com"}
    });
    let export = export_request(
        Operation::RegisterInstance,
        &request,
        Format::Cli,
        &options(),
    )
    .unwrap();
    assert!(
        export.text.contains("--cli-input-json '{\"InstanceId\":\"file://etc/passwd\",\"CreatorRequestId\":\"nul\\u0000inside\"}'"),
        "{}",
        export.text
    );
    assert!(export.notes.iter().any(|n| n.contains("file://")));
    assert!(export.notes.iter().any(|n| n.contains("NUL")));
    assert_eq!(
        roundtrip(Operation::RegisterInstance, &request, Format::Cli),
        request
    );
}

#[test]
fn powershell_falls_back_to_a_file_for_json_and_quotes() {
    let request = json!({
        "ServiceId": "srv-p5zdwlg5uvvzjita",
        "InstanceId": "i-1",
        "CreatorRequestId": "é—",
        "Attributes": {"note": "say \"hi\"", "empty": ""}
    });
    let export = export_request(
        Operation::RegisterInstance,
        &request,
        Format::PowerShell,
        &options(),
    )
    .unwrap();
    assert!(
        export.text.starts_with("$request = @'\n{"),
        "{}",
        export.text
    );
    assert!(export.text.contains("\\u00e9\\u2014"), "{}", export.text);
    assert!(export.text.contains("aws servicediscovery register-instance --cli-input-json 'file://register-instance.json' --region 'us-east-1'"));
    assert!(export
        .notes
        .iter()
        .any(|n| n.contains("PowerShell before 7.3")));
    // The script reads back: the here-string stands for the file the command reads.
    assert_eq!(
        roundtrip(Operation::RegisterInstance, &request, Format::PowerShell),
        request
    );
}

/// A command for the Windows command prompt, as the AWS docs print one with `^` continuations,
/// reads as the same request; what cmd reads unlike bash is refused with the reason.
#[test]
fn windows_cmd_commands_import() {
    let text = "aws servicediscovery register-instance ^\r\n    --service-id srv-p5zdwlg5uvvzjita ^\r\n    --instance-id myservice-53 ^\r\n    --attributes=AWS_INSTANCE_IPV4=172.2.1.3,AWS_INSTANCE_PORT=808 ^\r\n    --creator-request-id \"say \\\"hi\\\"\"\r\n";
    let imported = import_request(text, None, None).unwrap();
    assert_eq!(imported.format, ImportFormat::Cli);
    assert_eq!(
        imported.request,
        json!({"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "myservice-53",
            "CreatorRequestId": "say \"hi\"",
            "Attributes": {"AWS_INSTANCE_IPV4": "172.2.1.3", "AWS_INSTANCE_PORT": "808"}})
    );
    assert_eq!(
        imported.notes[0],
        "Read as a Windows command prompt (cmd) command."
    );
    // cmd's quotes switch at every ", \" included, so this & is outside them and ends the command.
    let split_json = "aws servicediscovery register-instance ^\n --service-id srv-p5zdwlg5uvvzjita ^\n --instance-id i ^\n --attributes \"{\\\"AWS_INSTANCE_IPV4\\\":\\\"10.0.0.1\\\",\\\"note\\\":\\\"a&b\\\"}\"";
    for (refused, named) in [
        (
            "aws ecs deregister-container-instance ^\n --cluster 'prod'",
            "single quotes",
        ),
        (
            "aws ecs deregister-container-instance ^\n --cluster %CLUSTER%",
            "%CLUSTER%",
        ),
        (split_json, "&"),
    ] {
        let error = import_request(refused, None, None).unwrap_err().to_string();
        assert!(
            error.contains("command prompt (cmd)") && error.contains(named),
            "{error}"
        );
    }
    // A prompt, ^ escapes, "" inside quotes and braces, as cmd and aws.exe read them.
    let prompted = "C:\\Users\\me> aws ecs deregister-container-instance --cluster a^&b --container-instance \"x\"\"y\"";
    let imported = import_request(prompted, None, None).unwrap();
    assert_eq!(
        imported.request,
        json!({"cluster": "a&b", "containerInstance": "x\"y"})
    );
}

/// Text pasted from a word processor: a no-break space inside an option, a typographic dash.
#[test]
fn pasted_typography_is_named() {
    let nbsp = "aws ecs deregister-container-instance --cluster\u{a0}prod --container-instance x";
    let error = import_request(nbsp, None, None).unwrap_err().to_string();
    assert!(error.contains("U+00A0"), "{error}");
    let dash = "aws ecs deregister-container-instance \u{2013}-cluster prod";
    let error = import_request(dash, None, None).unwrap_err().to_string();
    assert!(error.contains("typographic dash"), "{error}");
    // PowerShell splits on the no-break space, as the shell itself does.
    let powershell = "& aws ecs deregister-container-instance `\n --cluster\u{a0}prod `\n --container-instance x";
    let imported = import_request(powershell, None, None).unwrap();
    assert_eq!(imported.format, ImportFormat::PowerShell);
    assert_eq!(
        imported.request,
        json!({"cluster": "prod", "containerInstance": "x"})
    );
}

/// A command for PowerShell as the AWS docs write one for Windows reads as the same request.
#[test]
fn powershell_commands_import() {
    let text = "PS C:\\> aws servicediscovery register-instance `\r\n    --service-id srv-p5zdwlg5uvvzjita `\r\n    --instance-id \"web 1\" `\r\n    --attributes 'AWS_INSTANCE_IPV4=10.0.0.1,AWS_INSTANCE_PORT=80'\r\n";
    let imported = import_request(text, None, None).unwrap();
    assert_eq!(imported.format, ImportFormat::PowerShell);
    assert_eq!(
        imported.request,
        json!({"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "web 1",
            "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.1", "AWS_INSTANCE_PORT": "80"}})
    );
    let one_line =
        "PS> aws ecs deregister-container-instance --cluster 'prod' --container-instance 'a''b'";
    let imported = import_request(one_line, None, None).unwrap();
    assert_eq!(imported.format, ImportFormat::PowerShell);
    assert_eq!(imported.request["containerInstance"], json!("a'b"));
    let unquoted = "aws servicediscovery register-instance `\n  --service-id srv-1 `\n  --attributes AWS_INSTANCE_IPV4=10.0.0.1,AWS_INSTANCE_PORT=80";
    let error = import_request(unquoted, None, None)
        .unwrap_err()
        .to_string();
    assert!(error.contains("quote the value"), "{error}");
    let variable = "aws servicediscovery register-instance `\n  --service-id $serviceId `\n  --instance-id i-1";
    let error = import_request(variable, None, None)
        .unwrap_err()
        .to_string();
    assert!(error.contains("$serviceId"), "{error}");
}

#[test]
fn create_service_in_terraform_and_cloudformation() {
    let request = json!({
        "Name": "web",
        "NamespaceId": "ns-abcdefghijklmnop",
        "Description": "costs ${var} and %{if}",
        "DnsConfig": {"RoutingPolicy": "MULTIVALUE", "DnsRecords": [{"Type": "A", "TTL": 60}, {"Type": "SRV", "TTL": 60}]},
        "HealthCheckCustomConfig": {"FailureThreshold": 1},
        "Tags": [{"Key": "team", "Value": "core"}]
    });
    let export = export_request(
        Operation::CreateService,
        &request,
        Format::Terraform,
        &options(),
    )
    .unwrap();
    assert_eq!(
        export.text,
        "resource \"aws_service_discovery_service\" \"web\" {\n  name         = \"web\"\n  namespace_id = \"ns-abcdefghijklmnop\"\n  description  = \"costs $${var} and %%{if}\"\n  tags         = {\n    \"team\" = \"core\"\n  }\n\n  dns_config {\n    namespace_id   = \"ns-abcdefghijklmnop\"\n    routing_policy = \"MULTIVALUE\"\n\n    dns_records {\n      type = \"A\"\n      ttl  = 60\n    }\n\n    dns_records {\n      type = \"SRV\"\n      ttl  = 60\n    }\n  }\n\n  health_check_custom_config {\n    failure_threshold = 1\n  }\n}\n"
    );
    assert!(export
        .notes
        .iter()
        .any(|n| n.contains("dns_config.namespace_id")));
    let cli = text(Operation::CreateService, &request, Format::Cli);
    assert!(cli.contains("--dns-config 'RoutingPolicy=MULTIVALUE,DnsRecords=[{Type=A,TTL=60},{Type=SRV,TTL=60}]'"), "{cli}");
    assert!(cli.contains("--tags Key=team,Value=core"), "{cli}");
    assert_eq!(
        roundtrip(Operation::CreateService, &request, Format::Cli),
        request
    );
}

#[test]
fn refusals_say_why() {
    let invalid = json!({"ServiceId": "", "InstanceId": "a b", "Attributes": {}});
    let err = export_request(
        Operation::RegisterInstance,
        &invalid,
        Format::Cli,
        &options(),
    )
    .unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, ExportError::Invalid { .. }));
    assert!(
        message.contains("CM001 /ServiceId") && message.contains("CM003 /InstanceId"),
        "{message}"
    );
    assert!(message.contains(" has 3 errors;"), "{message}");
    let one = json!({"ServiceId": "srv-1", "InstanceId": "a b", "Attributes": {"k": "v"}});
    let message = export_request(Operation::RegisterInstance, &one, Format::Cli, &options())
        .unwrap_err()
        .to_string();
    assert!(message.contains(" has 1 error;"), "{message}");
    let allow = ExportOptions {
        allow_invalid: true,
        ..ExportOptions::default()
    };
    assert!(export_request(Operation::RegisterInstance, &invalid, Format::Cli, &allow).is_ok());
    let mut deep = json!("bottom");
    for _ in 0..1_000 {
        deep = json!([deep]);
    }
    let err = export_request(
        Operation::RegisterInstance,
        &json!({"Extra": deep}),
        Format::Cli,
        &allow,
    )
    .unwrap_err();
    assert!(err.to_string().contains("nested deeper than 64"), "{err}");

    let ecs = json!({"containerInstance": "abc"});
    let err = export_request(
        Operation::DeregisterContainerInstance,
        &ecs,
        Format::Terraform,
        &options(),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("neither CloudFormation nor Terraform"),
        "{err}"
    );

    let big = json!({"totalResources": [{"name": "X", "type": "LONG", "longValue": 9_007_199_254_740_993_i64}]});
    let err = export_request(
        Operation::RegisterContainerInstance,
        &big,
        Format::JsSdkV3,
        &options(),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("/totalResources/0/longValue"),
        "{err}"
    );

    let bad_region = ExportOptions {
        region: "us-east-1; rm -rf /".to_owned(),
        ..ExportOptions::default()
    };
    assert!(matches!(
        export_request(
            Operation::RegisterInstance,
            &seed(),
            Format::Cli,
            &bad_region
        ),
        Err(ExportError::BadOption {
            option: "region",
            ..
        })
    ));
    assert!("yml"
        .parse::<Format>()
        .unwrap_err()
        .to_string()
        .contains("Unknown export format"));
}

#[test]
fn options_reach_every_code_format() {
    let opts = ExportOptions {
        region: "eu-west-1".to_owned(),
        endpoint_url: Some("http://127.0.0.1:5000".to_owned()),
        profile: Some("dev".to_owned()),
        allow_invalid: false,
    };
    let ri = Operation::RegisterInstance;
    let get = |format| export_request(ri, &seed(), format, &opts).unwrap().text;
    assert!(get(Format::Cli).ends_with(
        "--region eu-west-1 \\\n  --profile dev \\\n  --endpoint-url http://127.0.0.1:5000\n"
    ));
    assert!(get(Format::Boto3).contains("session = boto3.Session(profile_name=\"dev\", region_name=\"eu-west-1\")\nclient = session.client(\"servicediscovery\", endpoint_url=\"http://127.0.0.1:5000\")"));
    assert!(get(Format::JsSdkV3).contains(
        "  region: \"eu-west-1\",\n  profile: \"dev\",\n  endpoint: \"http://127.0.0.1:5000\",\n"
    ));
    assert!(get(Format::Curl).contains(
        "--request POST http://127.0.0.1:5000 \\\n  --aws-sigv4 aws:amz:eu-west-1:servicediscovery"
    ));
    assert!(get(Format::Http).contains("Host: 127.0.0.1:5000\r\n"));
}

#[test]
fn command_lines_as_people_write_them() {
    let text = r#"$ AWS_PAGER= aws --region us-west-2 servicediscovery register-instance \
        --service-id "srv-p5zdwlg5uvvzjita" --instance-id=i-1 \
        --attributes '{"AWS_INSTANCE_IPV4": "10.0.0.1"}' # registered by hand
    "#;
    let imported = import_request(text, None, None).unwrap();
    assert_eq!(imported.format, ImportFormat::Cli);
    assert_eq!(
        imported.request,
        json!({"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "i-1", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.1"}})
    );
    assert!(imported
        .notes
        .iter()
        .any(|n| n.contains("--region us-west-2")));

    let tags = import_request(
        "aws ecs register-container-instance --tags key=a,value=b key=c,value= --total-resources name=CPU,type=INTEGER,integerValue=1_024 --platform-devices '{\"id\":\"GPU-1\",\"type\":\"GPU\"}'",
        None,
        None,
    )
    .unwrap();
    assert_eq!(
        tags.request,
        json!({
            "tags": [{"key": "a", "value": "b"}, {"key": "c", "value": ""}],
            "totalResources": [{"name": "CPU", "type": "INTEGER", "integerValue": 1024}],
            "platformDevices": [{"id": "GPU-1", "type": "GPU"}]
        })
    );
    let state = import_request(
        "aws ecs update-container-instances-state --container-instances a b --status ACTIVE --cli-input-json '{\"cluster\": \"prod\", \"status\": \"DRAINING\"}'",
        None,
        None,
    )
    .unwrap();
    assert_eq!(
        state.request,
        json!({"containerInstances": ["a", "b"], "status": "ACTIVE", "cluster": "prod"})
    );
}

#[test]
fn command_line_errors_are_clear() {
    let cases = [
        (
            "aws servicediscovery register-instance --service-idd x",
            "Did you mean --service-id?",
        ),
        (
            "aws servicediscovery register-instances",
            "Did you mean aws servicediscovery register-instance?",
        ),
        (
            "aws servicediscovery register-instance --service-id $SERVICE",
            "$SERVICE is expanded by the shell",
        ),
        (
            "aws servicediscovery register-instance --attributes file://a.json",
            "read the value from a file",
        ),
        (
            "aws servicediscovery register-instance --instance-id -x",
            "write --instance-id=VALUE",
        ),
        (
            "aws ecs deregister-container-instance --force=true",
            "is a flag",
        ),
        (
            "aws servicediscovery register-instance --attributes a=1,a=2",
            "twice",
        ),
        (
            "aws servicediscovery create-service --dns-config 'DnsRecords=[{Type=A,TTL=x}]'",
            "TTL must be a whole number",
        ),
        (
            "aws servicediscovery create-service --dns-config DnsRecords=[{Type=A,TTL=1}]",
            "unquoted {…,…}",
        ),
        (
            "aws servicediscovery register-instance | jq .",
            "joins or redirects",
        ),
    ];
    for (text, expected) in cases {
        let err = import_request(text, None, None).unwrap_err();
        assert!(err.to_string().contains(expected), "{text}: {err}");
    }
    assert!(matches!(
        import_request("aws x 'open", None, None),
        Err(ImportError::Shell(_))
    ));
}

#[test]
fn skeletons_lose_their_placeholders_but_valid_requests_keep_empty_strings() {
    let skeleton = r#"{
        "ServiceId": "srv-p5zdwlg5uvvzjita",
        "InstanceId": "i-1",
        "CreatorRequestId": "",
        "Attributes": {"KeyName": "", "AWS_INSTANCE_IPV4": "10.0.0.1"}
    }"#;
    // CreatorRequestId "" and KeyName "" make a valid request, so it is kept as written (a valid
    // request is never changed), with a note when it was given as a skeleton.
    let imported = import_request(skeleton, None, None).unwrap();
    assert_eq!(imported.format, ImportFormat::Json);
    assert!(imported.notes.is_empty());
    let imported = import_request(skeleton, Some(ImportFormat::CliInputJson), None).unwrap();
    assert_eq!(
        imported.request,
        serde_json::from_str::<Value>(skeleton).unwrap()
    );
    assert!(
        imported.notes[0].contains("/CreatorRequestId, /Attributes/KeyName"),
        "{:?}",
        imported.notes
    );
    // Left as generated, ServiceId "" makes it invalid, so the placeholders go.
    let raw = skeleton.replace("srv-p5zdwlg5uvvzjita", "");
    let imported = import_request(&raw, Some(ImportFormat::CliInputJson), None).unwrap();
    assert_eq!(
        imported.request,
        json!({"InstanceId": "i-1", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.1"}})
    );
    assert!(
        imported.notes[0].contains("/ServiceId, /CreatorRequestId, /Attributes/KeyName"),
        "{:?}",
        imported.notes
    );
    // An untouched skeleton is invalid as written, so it is recognised on its own.
    let raw = r#"{"cluster": "", "containerInstances": [""], "status": "DEREGISTERING"}"#;
    let imported = import_request(raw, None, None).unwrap();
    assert_eq!(imported.format, ImportFormat::CliInputJson);
    assert_eq!(imported.operation, Operation::UpdateContainerInstancesState);
    assert_eq!(imported.request, json!({"status": "DEREGISTERING"}));
}

#[test]
fn responses_become_requests() {
    let get_instance = r#"{"ResourceOwner": "123456789012", "Instance": {"Id": "i-1", "CreatorRequestId": "abc", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.1"}, "CreatedByAccount": "123456789012"}}"#;
    let imported = import_request(get_instance, None, None).unwrap();
    assert_eq!(imported.format, ImportFormat::GetInstance);
    assert_eq!(
        imported.request,
        json!({"ServiceId": "", "InstanceId": "i-1", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.1"}})
    );
    assert!(imported
        .notes
        .iter()
        .any(|n| n.contains("fill in ServiceId")));

    let list = r#"{"Instances": [{"Id": "a", "Attributes": {"k": "v"}}, {"Id": "b", "Attributes": {}}], "NextToken": "t"}"#;
    let all = import_all(list, None, None).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].request["InstanceId"], "b");
    let first = import_request(list, None, None).unwrap();
    assert!(first.notes.iter().any(|n| n.contains("lists 2 instances")));
    assert!(first.notes.iter().any(|n| n.contains("NextToken")));

    let service = r#"{"Service": {"Id": "srv-1", "Arn": "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-1", "Name": "web", "NamespaceId": "ns-1", "Type": "DNS_HTTP", "InstanceCount": 3, "CreateDate": 1700000000.0, "CreatorRequestId": "x", "DnsConfig": {"RoutingPolicy": "MULTIVALUE", "DnsRecords": [{"Type": "A", "TTL": 60}]}}}"#;
    let imported = import_request(service, None, None).unwrap();
    assert_eq!(imported.operation, Operation::CreateService);
    assert_eq!(
        imported.request,
        json!({"Name": "web", "NamespaceId": "ns-1", "DnsConfig": {"RoutingPolicy": "MULTIVALUE", "DnsRecords": [{"Type": "A", "TTL": 60}]}})
    );
    assert!(
        imported
            .notes
            .iter()
            .any(|n| n.contains("Id, Arn, InstanceCount, CreateDate")),
        "{:?}",
        imported.notes
    );
}

fn ecs_service() -> Value {
    json!({
        "cluster": "prod",
        "serviceName": "web",
        "taskDefinition": "web:3",
        "desiredCount": 2,
        "launchType": "EC2",
        "placementStrategy": [
            {"type": "spread", "field": "attribute:ecs.availability-zone"},
            {"type": "binpack", "field": "memory"}
        ],
        "placementConstraints": [
            {"type": "memberOf", "expression": "attribute:stack == \"it's $HOME `id`\""},
            {"type": "distinctInstance"}
        ],
        "serviceRegistries": [{
            "registryArn": "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-e4anhexample0004",
            "containerName": "web",
            "containerPort": 8080
        }],
        "deploymentConfiguration": {
            "minimumHealthyPercent": 50,
            "maximumPercent": 200,
            "deploymentCircuitBreaker": {"enable": true, "rollback": false}
        },
        "networkConfiguration": {"awsvpcConfiguration": {
            "subnets": ["subnet-0123456789abcdef0"],
            "securityGroups": ["sg-0123456789abcdef0"],
            "assignPublicIp": "DISABLED"
        }},
        "tags": [{"key": "team", "value": "core"}],
        "clientToken": "tok"
    })
}

#[test]
fn ecs_services_in_each_format() {
    let create = Operation::EcsCreateService;
    let request = ecs_service();
    let cli = text(create, &request, Format::Cli);
    assert!(
        cli.starts_with(
            "aws ecs create-service \\\n  --cluster prod \\\n  --service-name web \\\n"
        ),
        "{cli}"
    );
    assert!(cli.contains("--placement-strategy type=spread,field=attribute:ecs.availability-zone type=binpack,field=memory \\\n"), "{cli}");
    assert!(cli.contains("--service-registries registryArn=arn:aws:servicediscovery:us-east-1:123456789012:service/srv-e4anhexample0004,containerName=web,containerPort=8080 \\\n"), "{cli}");
    // An expression with spaces and quotes cannot be shorthand: the whole list goes as JSON.
    assert!(cli.contains("--placement-constraints '[{\"type\":\"memberOf\",\"expression\":\"attribute:stack == \\\"it'\\''s $HOME `id`\\\"\"},{\"type\":\"distinctInstance\"}]'"), "{cli}");
    assert!(cli.contains("--deployment-configuration 'minimumHealthyPercent=50,maximumPercent=200,deploymentCircuitBreaker={enable=true,rollback=false}'"), "{cli}");
    // "CreateService" with ECS's camelCase members is ECS's operation.
    assert_eq!(text(Operation::CreateService, &request, Format::Cli), cli);
    let http = text(create, &request, Format::Http);
    assert!(
        http.contains("Host: ecs.us-east-1.amazonaws.com\r\n"),
        "{http}"
    );
    assert!(
        http.contains("X-Amz-Target: AmazonEC2ContainerServiceV20141113.CreateService\r\n"),
        "{http}"
    );
    let js = text(create, &request, Format::JsSdkV3);
    assert!(
        js.starts_with("import { ECSClient, CreateServiceCommand } from \"@aws-sdk/client-ecs\";"),
        "{js}"
    );
    let boto3 = text(create, &request, Format::Boto3);
    assert!(boto3.contains("client = boto3.client(\"ecs\", region_name=\"us-east-1\")\n\nresponse = client.create_service(\n    cluster=\"prod\",\n"), "{boto3}");
    let yaml = text(create, &request, Format::CloudFormationYaml);
    assert!(yaml.contains("    Type: \"AWS::ECS::Service\"\n    Properties:\n      Cluster: \"prod\"\n      ServiceName: \"web\"\n"), "{yaml}");
    assert!(yaml.contains("      PlacementStrategies:\n        - Type: \"spread\"\n          Field: \"attribute:ecs.availability-zone\"\n"), "{yaml}");
    assert!(
        yaml.contains(
            "      NetworkConfiguration:\n        AwsvpcConfiguration:\n          Subnets:\n"
        ),
        "{yaml}"
    );
    assert!(!yaml.contains("tok"), "{yaml}");
    let tf = text(create, &request, Format::Terraform);
    assert!(tf.starts_with("resource \"aws_ecs_service\" \"web\" {\n  cluster         = \"prod\"\n  name            = \"web\"\n"), "{tf}");
    for part in [
        "  deployment_minimum_healthy_percent = 50\n  deployment_maximum_percent         = 200\n",
        "  ordered_placement_strategy {\n    type  = \"spread\"\n    field = \"attribute:ecs.availability-zone\"\n  }\n",
        "  placement_constraints {\n    type = \"distinctInstance\"\n  }\n",
        "  service_registries {\n    registry_arn   = \"arn:aws:servicediscovery:us-east-1:123456789012:service/srv-e4anhexample0004\"\n    container_name = \"web\"\n    container_port = 8080\n  }\n",
        "    assign_public_ip = false\n",
    ] {
        assert!(tf.contains(part), "{part}\n{tf}");
    }
    for format in IMPORTABLE {
        assert_eq!(roundtrip(create, &request, format), request, "{format}");
    }

    // argparse takes `--option=value` for an option even when the value has spaces, so it ends
    // the list before it.
    let typed = import_request(
        "aws ecs create-service --service-name web --tags key=a,value=b --client-tok='- x'",
        None,
        None,
    )
    .unwrap();
    assert_eq!(
        typed.request,
        json!({"serviceName": "web", "tags": [{"key": "a", "value": "b"}], "clientToken": "- x"})
    );

    let update = json!({"cluster": "prod", "service": "web", "desiredCount": 3, "forceNewDeployment": true,
        "placementStrategy": [{"type": "random"}]});
    assert_eq!(
        text(Operation::UpdateService, &update, Format::Cli),
        "aws ecs update-service \\\n  --cluster prod \\\n  --service web \\\n  --desired-count 3 \\\n  --force-new-deployment \\\n  --placement-strategy type=random \\\n  --region us-east-1\n"
    );
    for format in IMPORTABLE {
        assert_eq!(
            roundtrip(Operation::UpdateService, &update, format),
            update,
            "{format}"
        );
    }
    for format in [
        Format::CloudFormationYaml,
        Format::CloudFormationJson,
        Format::Terraform,
    ] {
        let Err(ExportError::Unsupported { reason, .. }) =
            export_request(Operation::UpdateService, &update, format, &options())
        else {
            panic!("{format}");
        };
        assert!(
            reason.contains("UpdateService changes a service that exists"),
            "{reason}"
        );
    }
}

#[test]
fn ecs_service_members_templates_cannot_say_are_refused() {
    let mut request = ecs_service();
    request["serviceConnectConfiguration"] = json!({"enabled": true, "namespace": "ns"});
    for format in [Format::CloudFormationYaml, Format::Terraform] {
        let Err(ExportError::Unsupported { reason, .. }) =
            export_request(Operation::EcsCreateService, &request, format, &options())
        else {
            panic!("{format}");
        };
        assert!(
            reason.starts_with("serviceConnectConfiguration has no"),
            "{reason}"
        );
    }
    // The CLI has no shorthand model for it, so it goes as JSON, and comes back.
    let cli = text(Operation::EcsCreateService, &request, Format::Cli);
    assert!(
        cli.contains("--service-connect-configuration '{\"enabled\":true,\"namespace\":\"ns\"}'"),
        "{cli}"
    );
    assert_eq!(
        roundtrip(Operation::EcsCreateService, &request, Format::Cli),
        request
    );

    let mut managed = ecs_service();
    managed["launchType"] = json!("MANAGED_INSTANCES");
    let Err(ExportError::Unsupported { reason, .. }) = export_request(
        Operation::EcsCreateService,
        &managed,
        Format::CloudFormationJson,
        &options(),
    ) else {
        panic!();
    };
    assert!(reason.contains("EC2, FARGATE or EXTERNAL"), "{reason}");
    let mut deployment = ecs_service();
    deployment["deploymentConfiguration"]["strategy"] = json!("BLUE_GREEN");
    let Err(ExportError::Unsupported { reason, .. }) = export_request(
        Operation::EcsCreateService,
        &deployment,
        Format::Terraform,
        &options(),
    ) else {
        panic!();
    };
    assert!(
        reason.starts_with("deploymentConfiguration.strategy has no Terraform argument"),
        "{reason}"
    );
    assert!(export_request(
        Operation::EcsCreateService,
        &deployment,
        Format::CloudFormationYaml,
        &options()
    )
    .is_ok());
}

#[test]
fn describe_services_becomes_create_service() {
    let output = json!({
        "services": [{
            "serviceArn": "arn:aws:ecs:us-east-1:123456789012:service/prod/web",
            "serviceName": "web",
            "clusterArn": "arn:aws:ecs:us-east-1:123456789012:cluster/prod",
            "loadBalancers": [],
            "serviceRegistries": [{"registryArn": "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-e4anhexample0004", "containerName": "web", "containerPort": 8080}],
            "status": "ACTIVE",
            "desiredCount": 2,
            "runningCount": 2,
            "pendingCount": 0,
            "launchType": "EC2",
            "taskDefinition": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3",
            "deploymentConfiguration": {"maximumPercent": 200, "minimumHealthyPercent": 100},
            "deployments": [{"id": "ecs-svc/1", "status": "PRIMARY"}],
            "roleArn": "arn:aws:iam::123456789012:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS",
            "events": [],
            "createdAt": 1_700_000_000.0,
            "placementConstraints": [{"type": "memberOf", "expression": "attribute:ecs.instance-type =~ t3.*"}],
            "placementStrategy": [{"type": "spread", "field": "attribute:ecs.availability-zone"}],
            "schedulingStrategy": "REPLICA",
            "createdBy": "arn:aws:iam::123456789012:root",
            "enableECSManagedTags": false,
            "propagateTags": "NONE",
            "enableExecuteCommand": false
        }, {"serviceName": "daemon", "clusterArn": "prod", "taskDefinition": "agent:1", "desiredCount": 4, "schedulingStrategy": "DAEMON", "placementStrategy": []}],
        "failures": []
    });
    let text = serde_json::to_string_pretty(&output).unwrap();
    let imported = import_request(&text, None, None).unwrap();
    assert_eq!(imported.format, ImportFormat::DescribeServices);
    assert_eq!(imported.operation, Operation::EcsCreateService);
    assert_eq!(
        imported.request,
        json!({
            "serviceName": "web",
            "cluster": "arn:aws:ecs:us-east-1:123456789012:cluster/prod",
            "serviceRegistries": output["services"][0]["serviceRegistries"],
            "desiredCount": 2,
            "launchType": "EC2",
            "taskDefinition": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3",
            "deploymentConfiguration": {"maximumPercent": 200, "minimumHealthyPercent": 100},
            "placementConstraints": output["services"][0]["placementConstraints"],
            "placementStrategy": output["services"][0]["placementStrategy"],
            "schedulingStrategy": "REPLICA",
            "enableECSManagedTags": false,
            "propagateTags": "NONE",
            "enableExecuteCommand": false
        })
    );
    for needle in [
        "lists 2 services",
        "serviceArn, status, runningCount",
        "role is left out",
    ] {
        assert!(
            imported.notes.iter().any(|n| n.contains(needle)),
            "{needle}: {:?}",
            imported.notes
        );
    }
    let report =
        muster_core::validate(Operation::EcsCreateService, &imported.request, None).unwrap();
    assert!(report.valid, "{:?}", report.diagnostics);
    let all = import_all(&text, Some(ImportFormat::DescribeServices), None).unwrap();
    assert_eq!(
        all[1].request,
        json!({"serviceName": "daemon", "cluster": "prod", "taskDefinition": "agent:1", "schedulingStrategy": "DAEMON"})
    );
    assert!(all[1]
        .notes
        .iter()
        .any(|n| n.starts_with("desiredCount is left out")));
    let failed = import_request(
        r#"{"services": [], "failures": [{"arn": "x", "reason": "MISSING"}]}"#,
        None,
        None,
    )
    .unwrap_err();
    assert!(failed.to_string().contains("only 1 failure ("), "{failed}");
    let failed = import_request(
        r#"{"services": [], "failures": [{"arn": "x", "reason": "MISSING"}, {"arn": "y", "reason": "MISSING"}]}"#,
        None,
        None,
    )
    .unwrap_err();
    assert!(failed.to_string().contains("only 2 failures ("), "{failed}");
    // The export of the imported request carries the same values.
    let cli = export_request(
        Operation::EcsCreateService,
        &imported.request,
        Format::Cli,
        &options(),
    )
    .unwrap()
    .text;
    assert_eq!(
        import_request(&cli, None, None).unwrap().request,
        imported.request
    );
}

/// Printable ASCII plus space and tab, the characters an attribute value may hold.
const VALUE_CHARS: &str = " \t!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

fn from_chars(
    chars: &'static str,
    len: std::ops::RangeInclusive<usize>,
) -> impl Strategy<Value = String> {
    let chars: Vec<char> = chars.chars().collect();
    proptest::collection::vec(proptest::sample::select(chars), len)
        .prop_map(|v| v.into_iter().collect())
}

/// Hostile but valid attribute values: quotes, `$`, backticks, backslashes, tabs, commas, `=`,
/// leading dashes, trailing spaces, empty strings.
fn attribute_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("-".to_owned()),
        Just("--help".to_owned()),
        Just("$(reboot)`id`$HOME".to_owned()),
        Just("a,b=c,d".to_owned()),
        Just("'\\''\"".to_owned()),
        Just("file://etc/passwd".to_owned()),
        Just("[1, 2]".to_owned()),
        Just("{\"a\": 1}".to_owned()),
        Just("trailing \t ".to_owned()),
        from_chars(VALUE_CHARS, 1..=40)
            .prop_filter("no leading whitespace", |s| !s.starts_with([' ', '\t'])),
    ]
}

/// Attribute keys: printable ASCII without spaces, never reserved.
fn attribute_key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("KeyName".to_owned()),
        Just("-dash".to_owned()),
        Just("a=b".to_owned()),
        Just("file://x".to_owned()),
        from_chars(&VALUE_CHARS[2..], 1..=20),
    ]
    .prop_filter("not reserved", |k| {
        !k.starts_with("AWS_") && !k.eq_ignore_ascii_case("aws_instance_ipv4")
    })
}

/// Strings with no rule at all (CreatorRequestId, ServiceId): anything, including Unicode,
/// emoji, newlines and NUL.
fn anything(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        from_chars("abc-_=,'\"$`\\ \n\t\r\u{0}é😀\u{2028}\u{202e}", 1..=max),
        proptest::string::string_regex(&format!(".{{1,{max}}}")).unwrap(),
        proptest::collection::vec(any::<char>(), 1..=max).prop_map(|v| v.into_iter().collect()),
    ]
}

fn register_instance() -> impl Strategy<Value = Value> {
    (
        anything(60),
        from_chars(
            "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_/:.@-",
            1..=64,
        ),
        proptest::option::of(anything(64)),
        proptest::collection::vec((attribute_key(), attribute_value()), 1..6),
        any::<bool>(),
    )
        .prop_map(|(service, instance, creator, attributes, address)| {
            let mut map = serde_json::Map::new();
            if address {
                map.insert("AWS_INSTANCE_IPV4".to_owned(), json!("10.0.0.1"));
                map.insert("AWS_INSTANCE_PORT".to_owned(), json!("8080"));
            }
            for (k, v) in attributes {
                map.insert(k, Value::String(v));
            }
            let mut request = serde_json::Map::new();
            request.insert("ServiceId".to_owned(), Value::String(service));
            request.insert("InstanceId".to_owned(), Value::String(instance));
            if let Some(c) = creator {
                request.insert("CreatorRequestId".to_owned(), Value::String(c));
            }
            request.insert("Attributes".to_owned(), Value::Object(map));
            Value::Object(request)
        })
}

/// A cluster-query value with hostile characters, quoted with the kind of quote it lacks.
fn expression() -> impl Strategy<Value = String> {
    (
        from_chars(
            " \t!#$%&()*+,-./0123456789:;<=>?@ABCxyz[\\]^_`{|}~'",
            0..=30,
        ),
        any::<bool>(),
    )
        .prop_map(|(text, single)| {
            let (quote, text) = if single {
                ('\'', text.replace('\'', "\""))
            } else {
                ('"', text)
            };
            format!("attribute:stack == {quote}{text}{quote}")
        })
}

/// Valid ECS CreateService or UpdateService requests with hostile strings where ECS has no rule
/// (cluster, taskDefinition, containerName, subnets; clientToken within its ASCII range) and in expressions, with tags
/// as hostile as the ECS tag rules allow.
fn ecs_service_request() -> impl Strategy<Value = (Operation, Value)> {
    (
        any::<bool>(),
        anything(30),
        anything(30),
        proptest::collection::vec(expression(), 0..3),
        proptest::option::of(anything(20)),
        proptest::collection::vec(anything(20), 1..3),
        proptest::option::of(0i64..=1000),
        proptest::sample::select(vec!["spread", "binpack", "random", "none"]),
        // clientToken: up to 36 ASCII characters from ! to ~, quotes and $ among them.
        proptest::option::of((ecs_tag(), "[!-~]{1,36}")),
    )
        .prop_map(
            |(create, cluster, task, expressions, container, subnets, count, strategy, tag)| {
                let mut request = serde_json::Map::new();
                request.insert("cluster".to_owned(), json!(cluster));
                if create {
                    request.insert("serviceName".to_owned(), json!("web-1_a"));
                } else {
                    request.insert("service".to_owned(), json!("web"));
                }
                request.insert("taskDefinition".to_owned(), json!(task));
                // CreateService needs desiredCount (a REPLICA service); UpdateService may omit it.
                match (count, create) {
                    (Some(count), _) => {
                        request.insert("desiredCount".to_owned(), json!(count));
                    }
                    (None, true) => {
                        request.insert("desiredCount".to_owned(), json!(1));
                    }
                    (None, false) => {}
                }
                if !expressions.is_empty() {
                    let constraints: Vec<Value> = expressions
                        .into_iter()
                        .map(|e| json!({"type": "memberOf", "expression": e}))
                        .collect();
                    request.insert("placementConstraints".to_owned(), Value::Array(constraints));
                }
                match strategy {
                    "spread" => request.insert("placementStrategy".to_owned(), json!([{"type": "spread", "field": "attribute:ecs.availability-zone"}, {"type": "binpack", "field": "memory"}])),
                    "binpack" => request.insert("placementStrategy".to_owned(), json!([{"type": "binpack", "field": "cpu"}])),
                    "random" => request.insert("placementStrategy".to_owned(), json!([{"type": "random"}])),
                    _ => None,
                };
                let mut registry = json!({"registryArn": "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-e4anhexample0004"});
                if let Some(name) = container {
                    registry["containerName"] = json!(name);
                    registry["containerPort"] = json!(8080);
                }
                request.insert("serviceRegistries".to_owned(), json!([registry]));
                request.insert("networkConfiguration".to_owned(), json!({"awsvpcConfiguration": {"subnets": subnets, "assignPublicIp": "ENABLED"}}));
                if let Some((tag, token)) = tag {
                    if create {
                        request.insert("tags".to_owned(), json!([tag]));
                        request.insert("clientToken".to_owned(), json!(token));
                    }
                }
                let operation = if create { Operation::EcsCreateService } else { Operation::UpdateService };
                (operation, Value::Object(request))
            },
        )
}

/// Exports a valid request in every importable format and imports it back: the same operation
/// and the same request.
fn comes_back_from_every_importable_format(
    operation: Operation,
    request: &Value,
) -> Result<(), TestCaseError> {
    for format in IMPORTABLE {
        let export = export_request(operation, request, format, &options()).unwrap();
        let imported = import_request(&export.text, None, None)
            .map_err(|e| TestCaseError::fail(format!("{format}: {e}\n{}", export.text)))?;
        prop_assert_eq!(imported.operation, operation);
        prop_assert_eq!(&imported.request, request, "{}\n{}", format, export.text);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn hostile_ecs_service_requests_survive_every_importable_format((operation, request) in ecs_service_request()) {
        let report = muster_core::validate(operation, &request, None).unwrap();
        prop_assert!(report.valid, "generator made an invalid request: {:?}", report.diagnostics);
        comes_back_from_every_importable_format(operation, &request)?;
        for format in [Format::Boto3, Format::JsSdkV3, Format::CliInputYaml] {
            export_request(operation, &request, format, &options()).unwrap();
        }
    }

    #[test]
    fn hostile_register_instance_requests_survive_every_importable_format(request in register_instance()) {
        let report = muster_core::validate(Operation::RegisterInstance, &request, None).unwrap();
        prop_assert!(report.valid, "generator made an invalid request: {:?}", report.diagnostics);
        comes_back_from_every_importable_format(Operation::RegisterInstance, &request)?;
    }

    #[test]
    fn bash_quoting_splits_back_to_the_same_word(text in any::<String>()) {
        match bash_quote(&text) {
            None => prop_assert!(text.contains('\0')),
            Some(quoted) => {
                let words = split_words(&format!("aws {quoted} end")).unwrap();
                prop_assert_eq!(words, vec!["aws".to_owned(), text, "end".to_owned()]);
            }
        }
    }

    #[test]
    fn powershell_quoting_reads_back(text in any::<String>()) {
        let quoted = powershell_quote(&text);
        let inner = quoted.strip_prefix('\'').and_then(|q| q.strip_suffix('\'')).unwrap();
        // PowerShell reads a doubled quote character (any of its five) as one.
        let mut decoded = String::new();
        let mut chars = inner.chars().peekable();
        while let Some(c) = chars.next() {
            if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
                prop_assert!(chars.next().is_some_and(|d| matches!(d, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')), "a lone quote ends the string: {}", quoted);
            }
            decoded.push(c);
        }
        prop_assert_eq!(decoded, text);
    }

    #[test]
    fn import_never_panics(text in "\\PC{0,200}") {
        let _ = import_request(&text, None, None);
        let _ = import_request(&format!("aws servicediscovery register-instance {text}"), None, None);
        let _ = import_request(&format!("aws ecs register-container-instance --total-resources {text}"), None, None);
        let _ = import_request(&format!("aws ecs create-service --service-name web --placement-strategy {text}"), None, None);
        let _ = import_request(&format!("{{\"services\": [{text}]}}"), None, None);
    }
}

#[test]
fn describe_container_instances_imports_as_the_re_registration() {
    use muster_core::api::{agent_request, import_request, simulate_cluster};
    let request =
        agent_request(&serde_json::json!({"instanceType": "c5.xlarge", "cluster": "default"}))
            .unwrap();
    let first = serde_json::to_value(
        simulate_cluster(
            &serde_json::json!({"operation": "RegisterContainerInstance", "request": request}),
        )
        .unwrap(),
    )
    .unwrap();
    let described = serde_json::to_value(
        simulate_cluster(&serde_json::json!({
            "operation": "DescribeContainerInstances",
            "state": first["state"],
            "request": {
                "containerInstances": [first["outcome"]["response"]["containerInstance"]["containerInstanceArn"]],
                "include": ["TAGS"],
            },
        }))
        .unwrap(),
    )
    .unwrap();
    let output = described["outcome"]["response"].to_string();
    let imported = import_request(&output, None, None).unwrap();
    assert_eq!(imported.format, "describe-container-instances");
    assert_eq!(imported.operation, "RegisterContainerInstance");
    let report = muster_core::validate(
        muster_core::Operation::RegisterContainerInstance,
        &imported.request,
        None,
    )
    .unwrap();
    assert!(report.valid, "{:?}", report.diagnostics);
    assert_eq!(
        imported.request["totalResources"],
        request["totalResources"]
    );
    assert!(imported.request["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["name"] != "ecs.availability-zone"));
    // Sent back, it re-registers the same instance.
    let again = serde_json::to_value(
        simulate_cluster(
            &serde_json::json!({"operation": "RegisterContainerInstance",
            "request": imported.request, "state": first["state"]}),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        again["state"]["containerInstances"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(again["state"]["containerInstances"][0]["version"], 2);
}

#[test]
fn refusals_end_with_one_full_stop() {
    for (operation, request) in [
        ("UpdateService", serde_json::json!({"service": "web"})),
        (
            "DeregisterContainerInstance",
            serde_json::json!({"containerInstance": "0123456789abcdef0123456789abcdef"}),
        ),
    ] {
        let error =
            muster_core::api::export_request(operation, &request, "terraform", None).unwrap_err();
        assert!(
            error.message.ends_with('.') && !error.message.ends_with(".."),
            "{}",
            error.message
        );
    }
}

/// ECS attribute names and values: the characters ECS allows, with the ones shells and the
/// CLI's shorthand syntax read specially (`\`, `/`, `:`, `@`, spaces inside values).
fn ecs_attribute() -> impl Strategy<Value = Value> {
    let name = from_chars("abcXYZ019-_/\\.", 1..=30);
    let value = from_chars("abcXYZ019-_./\\:@ ", 1..=30).prop_filter("no outer spaces", |v| {
        !v.starts_with(' ') && !v.ends_with(' ')
    });
    (name, proptest::option::of(value)).prop_map(|(name, value)| match value {
        Some(value) => json!({"name": name, "value": value}),
        None => json!({"name": name}),
    })
}

/// Tag keys and values: letters of any script, digits, spaces and `_ . : / = + - @`.
fn ecs_tag() -> impl Strategy<Value = Value> {
    let text = |len| from_chars("abZ09 _.:/=+-@é中", len);
    (text(1..=20), text(0..=20))
        .prop_filter("no aws: prefix", |(k, _)| {
            !k.to_ascii_lowercase().starts_with("aws:")
        })
        .prop_map(|(key, value)| json!({"key": key, "value": value}))
}

fn register_container_instance() -> impl Strategy<Value = Value> {
    (
        proptest::option::of(from_chars("abcXYZ019-_", 1..=40)),
        0_i64..=100_000,
        0_i64..=1_000_000,
        proptest::collection::btree_set(1_u16..=65535, 0..6),
        proptest::collection::vec(ecs_attribute(), 0..4),
        proptest::collection::vec(ecs_tag(), 0..3),
    )
        .prop_map(|(cluster, cpu, memory, ports, attributes, tags)| {
            let ports: Vec<String> = ports.iter().map(u16::to_string).collect();
            let mut request = json!({
                "totalResources": [
                    {"name": "CPU", "type": "INTEGER", "integerValue": cpu},
                    {"name": "MEMORY", "type": "INTEGER", "integerValue": memory},
                    {"name": "PORTS", "type": "STRINGSET", "stringSetValue": ports},
                ],
                "versionInfo": {"agentVersion": "1.80.0", "agentHash": "a1b2c3", "dockerVersion": "DockerVersion: 25.0.0"},
            });
            if let Some(cluster) = cluster {
                request["cluster"] = json!(cluster);
            }
            if !attributes.is_empty() {
                request["attributes"] = Value::Array(attributes);
            }
            // A tag key may appear once (ECS029), so a repeated generated key is dropped.
            let mut keys = std::collections::HashSet::new();
            let tags: Vec<Value> = tags
                .into_iter()
                .filter(|tag| keys.insert(tag["key"].as_str().unwrap_or_default().to_owned()))
                .collect();
            if !tags.is_empty() {
                request["tags"] = Value::Array(tags);
            }
            request
        })
}

/// Deregister and drain/activate requests: IDs, ARNs, `force`, 1 to 10 instances.
fn container_instance_call() -> impl Strategy<Value = (Operation, Value)> {
    let id = prop_oneof![
        from_chars("0123456789abcdef", 32..=32),
        from_chars("0123456789abcdef", 32..=32).prop_map(|id| format!(
            "arn:aws:ecs:us-east-1:123456789012:container-instance/prod/{id}"
        )),
    ];
    (
        any::<bool>(),
        proptest::collection::vec(id, 1..=10),
        any::<Option<bool>>(),
        prop_oneof![Just("ACTIVE"), Just("DRAINING")],
    )
        .prop_map(|(deregister, ids, force, status)| {
            if deregister {
                let mut request = json!({"cluster": "prod", "containerInstance": ids[0]});
                if let Some(force) = force {
                    request["force"] = json!(force);
                }
                (Operation::DeregisterContainerInstance, request)
            } else {
                let request =
                    json!({"cluster": "prod", "containerInstances": ids, "status": status});
                (Operation::UpdateContainerInstancesState, request)
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// A valid RegisterContainerInstance comes back unchanged from every importable format.
    #[test]
    fn container_instance_registrations_survive_every_importable_format(request in register_container_instance()) {
        let operation = Operation::RegisterContainerInstance;
        let report = muster_core::validate(operation, &request, None).unwrap();
        prop_assert!(report.valid, "generator made an invalid request: {:?}", report.diagnostics);
        comes_back_from_every_importable_format(operation, &request)?;
    }

    /// So do valid deregistrations and state changes.
    #[test]
    fn container_instance_state_calls_survive_every_importable_format((operation, request) in container_instance_call()) {
        let report = muster_core::validate(operation, &request, None).unwrap();
        prop_assert!(report.valid, "generator made an invalid request: {:?}", report.diagnostics);
        comes_back_from_every_importable_format(operation, &request)?;
    }
}

#[test]
fn repeated_json_keys_are_imported_as_the_cli_reads_them_and_noted() {
    let text = r#"{"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "a", "InstanceId": "b",
        "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.1", "AWS_INSTANCE_IPV4": "10.0.0.2"}}"#;
    let imported = import_request(text, None, None).unwrap();
    assert_eq!(
        imported.request["InstanceId"], "b",
        "the last value, as json.loads keeps"
    );
    assert_eq!(
        imported.request["Attributes"]["AWS_INSTANCE_IPV4"],
        "10.0.0.2"
    );
    let repeated: Vec<&String> = imported
        .notes
        .iter()
        .filter(|n| n.contains("repeats a key"))
        .collect();
    assert_eq!(repeated.len(), 2, "{:?}", imported.notes);
    assert!(repeated.iter().any(|n| n.contains("/InstanceId")));
    assert!(repeated
        .iter()
        .any(|n| n.contains("/Attributes/AWS_INSTANCE_IPV4")));

    let http = format!(
        "POST / HTTP/1.1\r\nX-Amz-Target: Route53AutoNaming_v20170314.RegisterInstance\r\nContent-Type: application/x-amz-json-1.1\r\n\r\n{text}"
    );
    let imported = import_request(&http, None, None).unwrap();
    assert_eq!(
        imported
            .notes
            .iter()
            .filter(|n| n.contains("repeats a key"))
            .count(),
        2,
        "{:?}",
        imported.notes
    );

    let clean = import_request(
        r#"{"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "a", "Attributes": {}}"#,
        None,
        None,
    )
    .unwrap();
    assert!(clean.notes.iter().all(|n| !n.contains("repeats a key")));
}

/// Characters that would act on a terminal or disguise code if they were shown raw: controls
/// (C0 but line breaks and tabs, DEL, C1), line separators and the zero-width, bidirectional
/// and tag characters.
fn acts_or_hides(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        || matches!(c,
            '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{E0000}'..='\u{E007F}')
}

#[test]
fn no_format_writes_a_disguising_character_raw() {
    let hostile = "v\u{85}\u{7f}\u{200b}\u{202e}\u{2066}\u{E0001}\u{1b}[31m";
    let request = json!({
        "ServiceId": "srv-p5zdwlg5uvvzjita",
        "InstanceId": "web-1",
        "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.1", "note": hostile},
    });
    // The control characters make the request invalid; it is exported anyway, as with --force.
    let options = ExportOptions {
        allow_invalid: true,
        ..options()
    };
    let mut exported = 0;
    for format in Format::ALL {
        let Ok(export) = export_request(Operation::RegisterInstance, &request, *format, &options)
        else {
            continue;
        };
        exported += 1;
        let raw: Vec<String> = export
            .text
            .chars()
            .filter(|c| acts_or_hides(*c))
            // CloudFormation JSON keeps characters beyond U+FFFF raw: cfn-lint reads it with a
            // YAML parser that refuses the surrogate-pair escapes (see export/mod.rs).
            .filter(|c| !(*format == Format::CloudFormationJson && u32::from(*c) > 0xFFFF))
            .map(|c| format!("U+{:04X}", u32::from(c)))
            .collect();
        assert!(
            raw.is_empty(),
            "{}: {raw:?} raw in\n{}",
            format.name(),
            export.text
        );
        // The escapes mean the same: the value comes back unchanged where the format imports.
        if IMPORTABLE.contains(format) {
            let imported = import_request(&export.text, None, Some(Operation::RegisterInstance))
                .unwrap_or_else(|e| panic!("{format} import: {e}\n{}", export.text));
            assert_eq!(imported.request, request, "{format}");
        }
    }
    assert!(exported >= 10, "only {exported} formats exported");
}

/// Values a consumer reads specially: an attribute key CloudFormation takes for an intrinsic
/// function, a dynamic reference, and `__proto__`, which a JavaScript object literal turns into
/// the prototype instead of a member.
#[test]
fn keys_and_values_a_consumer_reads_specially() {
    let ri = Operation::RegisterInstance;
    for key in ["Fn::Sub", "Ref", "Condition", "Fn::GetAZs"] {
        let mut request = seed();
        request["Attributes"] = json!({ key: "team-a" });
        for format in [Format::CloudFormationYaml, Format::CloudFormationJson] {
            match export_request(ri, &request, format, &options()) {
                Err(ExportError::Unsupported { reason, .. }) => {
                    assert!(reason.contains("intrinsic function"), "{reason}");
                }
                other => panic!("{key} in {format:?}: {other:?}"),
            }
        }
        // The other formats carry it as an ordinary key.
        assert!(text(ri, &request, Format::Terraform).contains(key));
    }
    let mut request = seed();
    request["Attributes"]["secret"] = json!("{{resolve:ssm:/team/secret}}");
    let exported = export_request(ri, &request, Format::CloudFormationYaml, &options()).unwrap();
    assert!(
        exported.notes.iter().any(|n| n.contains("{{resolve:")),
        "{:?}",
        exported.notes
    );

    let mut request = seed();
    request["Attributes"]["__proto__"] = json!("team-a");
    let js = text(ri, &request, Format::JsSdkV3);
    assert!(js.contains("[\"__proto__\"]: \"team-a\""), "{js}");
    assert!(!js.contains("\n    \"__proto__\""), "{js}");
    let py = text(ri, &request, Format::Boto3);
    assert!(py.contains("\"__proto__\": \"team-a\""), "{py}");
}

/// A curl command's body or X-Amz-Target with a shell variable is refused (its value is not
/// in the text); variables that only sign the request are fine.
#[test]
fn curl_imports_refuse_variables_in_what_is_sent() {
    let command = |body: &str, extra: &str| {
        format!("curl -X POST https://servicediscovery.us-east-1.amazonaws.com --user \"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\" {extra} --header 'X-Amz-Target: Route53AutoNaming_v20170314.RegisterInstance' --data-raw {body}")
    };
    let literal = "'{\"ServiceId\":\"srv-p5zdwlg5uvvzjita\",\"InstanceId\":\"$i\",\"Attributes\":{\"AWS_INSTANCE_IPV4\":\"10.0.0.1\"}}'";
    let imported = import_request(
        &command(literal, "-H \"x-amz-security-token: $AWS_SESSION_TOKEN\""),
        None,
        None,
    )
    .unwrap();
    assert_eq!(imported.request["InstanceId"], json!("$i"));
    let expanded = "\"{\\\"ServiceId\\\":\\\"$SERVICE_ID\\\",\\\"InstanceId\\\":\\\"i\\\",\\\"Attributes\\\":{}}\"";
    match import_request(&command(expanded, ""), None, None) {
        Err(ImportError::Shell(e)) => assert!(e.to_string().contains("$SERVICE_ID"), "{e}"),
        other => panic!("{other:?}"),
    }
}

/// The formats muster writes but does not read are named as such when pasted back, instead of
/// failing on what bash would make of them.
#[test]
fn export_only_formats_say_so_when_imported() {
    let request = seed();
    for format in [
        Format::Boto3,
        Format::JsSdkV3,
        Format::Terraform,
        Format::CloudFormationYaml,
        Format::CloudFormationJson,
    ] {
        let exported = text(Operation::RegisterInstance, &request, format);
        match import_request(&exported, None, None) {
            Err(e) => assert!(
                e.to_string().contains("writes but does not read"),
                "{format:?}: {e}"
            ),
            Ok(i) => panic!("{format:?} imported: {i:?}"),
        }
    }
    // What it does read is still read.
    for format in [
        Format::Cli,
        Format::PowerShell,
        Format::Curl,
        Format::Http,
        Format::Json,
        Format::CliInputYaml,
    ] {
        let exported = text(Operation::RegisterInstance, &request, format);
        assert_eq!(
            import_request(&exported, None, None).unwrap().request,
            request
        );
    }
}
