import Core
import HTTPServing
import HTTPTypes
import Hummingbird
import Inference
import Logging
import Reconciler
import Runtime

extension DataPlane {
    /// The model repository extension (Triton's): index, load and unload.
    func addRepositoryRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.post("/v2/repository/index") { request, _ in
            let options = try await self.optionalJSONObject(request, what: "repository index request")
            var readyOnly = false
            if let ready = options["ready"], !ready.isNull {
                guard let flag = ready.boolValue else {
                    throw APIError(
                        .badRequest,
                        "repository index request: \"ready\" is \(ready.kindDescription), expected a boolean"
                    )
                }
                readyOnly = flag
            }
            let listed = ServiceScope.listed(await self.repository.index(), in: ServiceScope.of(request))
            let entries = listed.filter { !readyOnly || $0.status.state == .ready }.map { status, name in
                RepositoryIndexEntry(
                    name: name,
                    version: ModelVersion.effective(status),
                    state: status.state.rawValue,
                    reason: status.reason
                ).toJSON()
            }
            return JSONResponse.make(.array(entries))
        }
        router.post("/v2/repository/models/{model}/load") { request, context in
            let name = try PathParameters.model(context)
            _ = try await self.optionalJSONObject(request, what: "load request")
            if await self.repository.status(name) == nil { try await self.registerFromDirectory(name) }
            do throws(KServeError) {
                try await self.repository.load(name)
            } catch {
                throw APIError.acquiring(name, error)
            }
            let bytes = await self.repository.status(name)?.residentBytes ?? 0
            self.logger.info("model \(name): loaded (\(bytes) bytes)", metadata: ["model": "\(name)"])
            return JSONResponse.make(["name": .string(name), "load": true])
        }
        router.post("/v2/repository/models/{model}/unload") { request, context in
            let name = try PathParameters.model(context)
            _ = try await self.optionalJSONObject(request, what: "unload request")
            do throws(KServeError) {
                try await self.repository.unload(name)
            } catch {
                throw error.code == .notFound ? APIError.modelNotFound(name) : APIError.inference(error)
            }
            self.logger.info("model \(name): unloaded on request", metadata: ["model": "\(name)"])
            return JSONResponse.make(["name": .string(name), "unload": true])
        }
    }

    /// A request body that may be empty or a JSON object (Triton's load and index bodies).
    private func optionalJSONObject(_ request: Request, what: String) async throws -> ValueObject {
        let body = try await BodyReader.read(request, limit: maxBodyBytes)
        guard body.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else { return [:] }
        let json: Value
        do {
            json = try JSONParser.parse(body, source: what)
        } catch {
            throw APIError(.badRequest, error.message)
        }
        guard case .object(let object) = json else {
            throw APIError(.badRequest, "\(what) is \(json.kindDescription), expected an object")
        }
        return object
    }

    /// Registers a model that appeared in the models directory after start-up, as KServe's model agent expects:
    /// it downloads `DIR/NAME` and then asks the server to load NAME. Unknown names are a 404.
    private func registerFromDirectory(_ name: String) async throws(APIError) {
        guard let directory = modelsDirectory, let path = Self.modelPath(name, in: directory) else {
            throw APIError.modelNotFound(name)
        }
        do {
            try await repository.register(ModelSource(name: name, path: path))
        } catch {
            // Another request may have registered it meanwhile.
            guard error.code == .conflict else { throw APIError(.badRequest, error.message) }
        }
        logger.info("model \(name): registered from \(path)", metadata: ["model": "\(name)", "path": "\(path)"])
    }

    /// `DIR/NAME` (a directory or file) or `DIR/NAME.EXT` for a model file extension, if it exists. Names that
    /// could leave the directory (hidden, with a slash) find nothing.
    static func modelPath(_ name: String, in directory: String) -> String? {
        guard !name.isEmpty, !name.hasPrefix("."), !name.contains("/"), !name.contains("\0") else { return nil }
        let base = directory.hasSuffix("/") ? directory + name : directory + "/" + name
        for candidate in [base] + ["json", "txt", "lgb", "ubj", "model", "bst"].map({ base + "." + $0 }) {
            if access(candidate, F_OK) == 0 { return candidate }
        }
        return nil
    }
}
