import Core
import CurlHTTP
import Foundation
import Kube
import Testing

@Suite struct KubeConfigTests {
    static let first = """
        apiVersion: v1
        kind: Config
        current-context: alpha
        clusters:
        - name: one
          cluster:
            server: https://one.example:6443
            certificate-authority: certs/ca.pem
        - name: shared
          cluster:
            server: https://shared-from-first.example
        users:
        - name: alice
          user:
            token: first-token
        contexts:
        - name: alpha
          context: {cluster: one, user: alice, namespace: team-a}
        - name: nonamespace
          context: {cluster: shared, user: alice}
        """

    static let second = """
        apiVersion: v1
        kind: Config
        current-context: beta
        clusters:
        - name: shared
          cluster:
            server: https://shared-from-second.example
            insecure-skip-tls-verify: true
        - name: two
          cluster:
            server: https://two.example
        users:
        - name: alice
          user:
            token: second-token
        - name: bob
          user:
            username: bob
            password: secret
        contexts:
        - name: alpha
          context: {cluster: two, user: bob}
        - name: beta
          context: {cluster: two, user: bob, namespace: team-b}
        """

    @Test func kubeconfigListMergesFirstWins() throws {
        let directory = try TestDirectory()
        let first = try directory.write("a/config", Self.first)
        let second = try directory.write("b/config", Self.second)
        let missing = directory.file("missing/config")
        let config = try KubeConfig.load(
            explicitPath: nil,
            environment: ["KUBECONFIG": "\(missing)::\(first):\(second)"],
            home: directory.path
        )
        #expect(config.sources == [first, second])
        #expect(config.currentContext == "alpha")
        // Whole stanzas come from the first file that names them; later files only add new names.
        #expect(config.clusters["shared"]?.server == "https://shared-from-first.example")
        #expect(config.clusters["shared"]?.insecureSkipTLSVerify == false)
        #expect(config.clusters["two"]?.server == "https://two.example")
        #expect(config.contexts["alpha"]?.cluster == "one")
        #expect(config.contexts["beta"]?.namespace == "team-b")
        #expect(config.users["bob"]?.username == "bob")

        let alpha = try config.resolve(context: nil, namespace: nil)
        #expect(alpha.server == "https://one.example:6443")
        #expect(alpha.namespace == "team-a")
        #expect(alpha.contextName == "alpha")
        guard case .token(let token) = alpha.credentials else {
            Issue.record("expected a token, got \(alpha.credentials)")
            return
        }
        #expect(token == "first-token")
        // Relative paths resolve against the directory of the file that holds them.
        #expect(alpha.tls.caFile == directory.file("a/certs/ca.pem"))

        let beta = try config.resolve(context: "beta", namespace: nil)
        #expect(beta.server == "https://two.example")
        guard case .basic(let username, let password) = beta.credentials else {
            Issue.record("expected basic credentials, got \(beta.credentials)")
            return
        }
        #expect(username == "bob" && password == "secret")
    }

    @Test func explicitPathReadsOnlyThatFileAndMustExist() throws {
        let directory = try TestDirectory()
        let first = try directory.write("a/config", Self.first)
        let second = try directory.write("b/config", Self.second)
        let config = try KubeConfig.load(
            explicitPath: second,
            environment: ["KUBECONFIG": first],
            home: directory.path
        )
        #expect(config.sources == [second])
        #expect(config.currentContext == "beta")
        #expect(config.contexts["alpha"]?.cluster == "two")

        let error = expectKServeError {
            _ = try KubeConfig.load(explicitPath: directory.file("nope"), environment: [:], home: nil)
        }
        #expect(error?.message.contains("nope") == true)
    }

    @Test func homeConfigIsTheFallback() throws {
        let directory = try TestDirectory()
        let path = try directory.write(".kube/config", Self.second)
        let config = try KubeConfig.load(explicitPath: nil, environment: [:], home: directory.path)
        #expect(config.sources == [path])
        #expect(try config.resolve(context: nil, namespace: nil).namespace == "team-b")

        let empty = try KubeConfig.load(explicitPath: nil, environment: [:], home: directory.file("elsewhere"))
        #expect(empty.isEmpty)
        let error = expectKServeError { _ = try empty.resolve(context: nil, namespace: nil) }
        #expect(error?.message.contains("no kubeconfig found") == true)
    }

    @Test func namespacePrecedenceIsFlagThenContextThenDefault() throws {
        let directory = try TestDirectory()
        let path = try directory.write("config", Self.first)
        let config = try KubeConfig.load(explicitPath: path, environment: [:], home: nil)
        #expect(try config.resolve(context: "alpha", namespace: "flag-ns").namespace == "flag-ns")
        #expect(try config.resolve(context: "alpha", namespace: nil).namespace == "team-a")
        #expect(try config.resolve(context: "alpha", namespace: "").namespace == "team-a")
        #expect(try config.resolve(context: "nonamespace", namespace: nil).namespace == "default")
        // The context flag beats current-context.
        #expect(try config.resolve(context: "nonamespace", namespace: nil).contextName == "nonamespace")
    }

    @Test func unknownContextClusterOrUserIsAnError() throws {
        let directory = try TestDirectory()
        let path = try directory.write(
            "config",
            """
            clusters:
            - name: c
              cluster: {server: https://c.example}
            contexts:
            - name: no-cluster
              context: {cluster: missing}
            - name: no-user
              context: {cluster: c, user: ghost}
            """
        )
        let config = try KubeConfig.load(explicitPath: path, environment: [:], home: nil)
        let missingContext = expectKServeError { _ = try config.resolve(context: "nope", namespace: nil) }
        #expect(missingContext?.message.contains("context \"nope\" does not exist") == true)
        let missingCluster = expectKServeError { _ = try config.resolve(context: "no-cluster", namespace: nil) }
        #expect(missingCluster?.message.contains("cluster \"missing\"") == true)
        let missingUser = expectKServeError { _ = try config.resolve(context: "no-user", namespace: nil) }
        #expect(missingUser?.message.contains("user \"ghost\"") == true)
        let noCurrent = expectKServeError { _ = try config.resolve(context: nil, namespace: nil) }
        #expect(noCurrent?.message.contains("current-context") == true)
    }

    @Test func dataFieldsAreDecodedAndWinOverFiles() throws {
        let directory = try TestDirectory()
        let ca = "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n"
        let certificate = "client certificate bytes"
        let key = "client key bytes"
        func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
        let path = try directory.write(
            "config",
            """
            current-context: c
            clusters:
            - name: c
              cluster:
                server: https://c.example
                certificate-authority: ignored.pem
                certificate-authority-data: \(base64(ca))
                tls-server-name: api.internal
                proxy-url: socks5://proxy:1080
            users:
            - name: u
              user:
                client-certificate: ignored.crt
                client-certificate-data: \(base64(certificate))
                client-key-data: \(base64(key))
            contexts:
            - name: c
              context: {cluster: c, user: u}
            """
        )
        let connection = try KubeConfig.load(explicitPath: path, environment: [:], home: nil)
            .resolve(context: nil, namespace: nil)
        #expect(connection.tls.caData == Array(ca.utf8))
        #expect(connection.tls.caFile == nil)
        #expect(connection.tls.clientCertificateData == Array(certificate.utf8))
        #expect(connection.tls.clientCertificateFile == nil)
        #expect(connection.tls.clientKeyData == Array(key.utf8))
        #expect(connection.tls.serverName == "api.internal")
        #expect(connection.proxyURL == "socks5://proxy:1080")
        guard case .clientCertificate = connection.credentials else {
            Issue.record("expected client certificate credentials, got \(connection.credentials)")
            return
        }
    }

    @Test func badBase64NamesTheField() throws {
        let directory = try TestDirectory()
        let path = try directory.write(
            "config",
            """
            clusters:
            - name: c
              cluster:
                server: https://c.example
                certificate-authority-data: "not base64!"
            """
        )
        let error = expectKServeError { _ = try KubeConfig.load(explicitPath: path, environment: [:], home: nil) }
        #expect(error?.code == .invalidInput)
        #expect(
            error?.message == "\(path): clusters[0] (\"c\").cluster.certificate-authority-data: is not valid base64"
        )
    }

    @Test func badYAMLNamesFileAndLine() throws {
        let directory = try TestDirectory()
        let path = try directory.write("config", "clusters:\n- name: c\n  cluster: {server: [unclosed\n")
        let error = expectKServeError {
            _ = try KubeConfig.load(explicitPath: nil, environment: ["KUBECONFIG": path], home: nil)
        }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.hasPrefix("\(path):") == true)
        // path:LINE:COLUMN: problem
        let location = error?.message.dropFirst(path.count + 1).split(separator: ":").first
        #expect(location.flatMap { Int($0) } != nil)
    }

    @Test func wrongTypesAndDuplicatesNameTheField() throws {
        let directory = try TestDirectory()
        let wrongType = try directory.write("wrong", "users:\n- name: u\n  user:\n    token: 12345\n")
        let typeError = expectKServeError {
            _ = try KubeConfig.load(explicitPath: wrongType, environment: [:], home: nil)
        }
        #expect(typeError?.message == "\(wrongType): users[0] (\"u\").user.token: expected a string, found an integer")

        let duplicate = try directory.write(
            "duplicate",
            "contexts:\n- name: x\n  context: {cluster: a}\n- name: x\n  context: {cluster: b}\n"
        )
        let duplicateError = expectKServeError {
            _ = try KubeConfig.load(explicitPath: duplicate, environment: [:], home: nil)
        }
        #expect(duplicateError?.message == "\(duplicate): context \"x\" is defined twice")
    }

    @Test func inClusterConfigurationFromServiceAccountFiles() throws {
        let directory = try TestDirectory()
        try directory.write("sa/token", "sa-token\n")
        try directory.write("sa/ca.crt", "ca")
        try directory.write("sa/namespace", "pod-ns\n")
        let environment = ["KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443"]
        let config = try KubeConfig.load(
            explicitPath: nil,
            environment: environment,
            home: directory.file("no-home"),
            serviceAccountDirectory: directory.file("sa")
        )
        #expect(config.isInCluster)
        let connection = try config.resolve(context: nil, namespace: nil)
        #expect(connection.server == "https://10.0.0.1:443")
        #expect(connection.namespace == "pod-ns")
        #expect(connection.tls.caFile == directory.file("sa/ca.crt"))
        guard case .tokenFile(let tokenPath) = connection.credentials else {
            Issue.record("expected a token file, got \(connection.credentials)")
            return
        }
        #expect(tokenPath == directory.file("sa/token"))

        // POD_NAMESPACE wins over the file; IPv6 hosts get brackets.
        var ipv6 = environment
        ipv6["KUBERNETES_SERVICE_HOST"] = "fd00::1"
        ipv6["POD_NAMESPACE"] = "env-ns"
        let other = try KubeConfig.load(
            explicitPath: nil,
            environment: ipv6,
            home: nil,
            serviceAccountDirectory: directory.file("sa")
        ).resolve(context: nil, namespace: nil)
        #expect(other.server == "https://[fd00::1]:443")
        #expect(other.namespace == "env-ns")

        // A kubeconfig with content wins over in-cluster; without a token there is no in-cluster config.
        try directory.write("home/.kube/config", Self.first)
        let fromFile = try KubeConfig.load(
            explicitPath: nil,
            environment: environment,
            home: directory.file("home"),
            serviceAccountDirectory: directory.file("sa")
        )
        #expect(!fromFile.isInCluster)
        let noToken = try KubeConfig.load(
            explicitPath: nil,
            environment: environment,
            home: nil,
            serviceAccountDirectory: directory.file("missing")
        )
        #expect(!noToken.isInCluster && noToken.isEmpty)
    }

    @Test func removedAuthProvidersNameTheirExecReplacement() throws {
        let directory = try TestDirectory()
        for (provider, replacement) in [
            ("gcp", "gke-gcloud-auth-plugin"), ("azure", "kubelogin"), ("oidc", "kubelogin"),
        ] {
            let path = try directory.write(
                "config-\(provider)",
                """
                current-context: c
                clusters:
                - {name: c, cluster: {server: "https://c.example"}}
                users:
                - name: u
                  user:
                    auth-provider:
                      name: \(provider)
                      config: {access-token: secret-value}
                contexts:
                - {name: c, context: {cluster: c, user: u}}
                """
            )
            let config = try KubeConfig.load(explicitPath: path, environment: [:], home: nil)
            let error = expectKServeError { _ = try config.resolve(context: nil, namespace: nil) }
            #expect(error?.code == .auth)
            #expect(error?.message.contains(replacement) == true, "\(provider): \(error?.message ?? "")")
            #expect(error?.message.contains("secret-value") == false)
        }
    }

    @Test func execStanzaIsReadWithItsDefaults() throws {
        let directory = try TestDirectory()
        let path = try directory.write(
            "kube/config",
            """
            current-context: c
            clusters:
            - name: c
              cluster:
                server: https://c.example
                extensions:
                - name: client.authentication.k8s.io/exec
                  extension: {audience: kserve}
            users:
            - name: u
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: ./bin/plugin
                  args: [--flag, value]
                  env: [{name: A, value: "1"}]
                  installHint: install it
                  provideClusterInfo: true
            contexts:
            - {name: c, context: {cluster: c, user: u}}
            """
        )
        let config = try KubeConfig.load(explicitPath: nil, environment: ["KUBECONFIG": path, "HOME": "/h"], home: nil)
        let exec = try #require(config.users["u"]?.exec)
        #expect(exec.command == directory.file("kube/bin/plugin"))
        #expect(exec.args == ["--flag", "value"])
        #expect(exec.env == [ExecEnvVar(name: "A", value: "1")])
        #expect(exec.interactiveMode == .ifAvailable)
        #expect(exec.provideClusterInfo)
        #expect(exec.installHint == "install it")
        let connection = try config.resolve(context: nil, namespace: nil)
        guard case .exec(let plugin) = connection.credentials else {
            Issue.record("expected an exec plugin, got \(connection.credentials)")
            return
        }
        #expect(plugin.userName == "u")
        #expect(plugin.environment["HOME"] == "/h")
        #expect(plugin.clusterInfo["server"]?.stringValue == "https://c.example")
        #expect(plugin.clusterInfo["config"]?["audience"]?.stringValue == "kserve")

        let v1 = try directory.write(
            "v1",
            "users:\n- name: u\n  user:\n    exec: {apiVersion: client.authentication.k8s.io/v1, command: p}\n"
        )
        let error = expectKServeError { _ = try KubeConfig.load(explicitPath: v1, environment: [:], home: nil) }
        #expect(error?.message.contains("users[0] (\"u\").user.exec.interactiveMode: is required") == true)
    }
}
