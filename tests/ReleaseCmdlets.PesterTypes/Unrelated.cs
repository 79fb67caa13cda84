// .NET objects of no interest to the module that carry a property named like an id parameter or alias (PipedObjects.Tests.ps1).
namespace PipedObjectsTests {
    public sealed class Unrelated {
        public int Id = 2;
        public int ReleaseId = 2;
        public System.Guid Guid = new System.Guid("de900000-0000-4000-8000-000000000001");
        public System.Guid DeploymentGuid = new System.Guid("de900000-0000-4000-8000-000000000001");
        public string build_uuid = "b0100000-0000-4000-8000-000000000001";
        public string BuildUuid = "b0100000-0000-4000-8000-000000000001";
        public string ModelId = "roll456z";
        public string model_id = "roll456z";
    }
}
