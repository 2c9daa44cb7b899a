import Resources
import Testing

@Suite struct ResourceKindTests {
    @Test func namesAndVersions() {
        #expect(ResourceKind.inferenceService.apiVersion == "serving.kserve.io/v1beta1")
        #expect(ResourceKind.trainedModel.apiVersion == "serving.kserve.io/v1alpha1")
        #expect(ResourceKind.servingRuntime.apiVersion == "serving.kserve.io/v1alpha1")
        #expect(ResourceKind.clusterServingRuntime.apiVersion == "serving.kserve.io/v1alpha1")
        #expect(
            ResourceKind.allCases.map(\.plural) == [
                "inferenceservices", "trainedmodels", "servingruntimes", "clusterservingruntimes",
            ]
        )
        #expect(
            ResourceKind.allCases.map(\.singular) == [
                "inferenceservice", "trainedmodel", "servingruntime", "clusterservingruntime",
            ]
        )
        #expect(ResourceKind.allCases.map(\.shortNames) == [["isvc"], ["tm"], [], []])
        #expect(ResourceKind.allCases.map(\.namespaced) == [true, true, true, false])
        #expect(ResourceKind(kind: "TrainedModel") == .trainedModel)
        #expect(ResourceKind(kind: "trainedmodel") == nil)
    }

    @Test func lookupByAnyName() {
        #expect(ResourceKind.named("isvc") == .inferenceService)
        #expect(ResourceKind.named("InferenceServices") == .inferenceService)
        #expect(ResourceKind.named("inferenceservices.serving.kserve.io") == .inferenceService)
        #expect(ResourceKind.named("TM") == .trainedModel)
        #expect(ResourceKind.named("servingruntime") == .servingRuntime)
        #expect(ResourceKind.named("ClusterServingRuntimes") == .clusterServingRuntime)
        #expect(ResourceKind.named("pods") == nil)
        #expect(ResourceKind.named("") == nil)
    }

    @Test func apiPaths() {
        #expect(
            ResourceKind.inferenceService.collectionPath(namespace: "ns")
                == "/apis/serving.kserve.io/v1beta1/namespaces/ns/inferenceservices"
        )
        #expect(
            ResourceKind.inferenceService.collectionPath(namespace: nil)
                == "/apis/serving.kserve.io/v1beta1/inferenceservices"
        )
        #expect(
            ResourceKind.trainedModel.objectPath(name: "m", namespace: "default")
                == "/apis/serving.kserve.io/v1alpha1/namespaces/default/trainedmodels/m"
        )
        #expect(
            ResourceKind.clusterServingRuntime.objectPath(name: "kserve-sklearnserver", namespace: "ignored")
                == "/apis/serving.kserve.io/v1alpha1/clusterservingruntimes/kserve-sklearnserver"
        )
    }
}
